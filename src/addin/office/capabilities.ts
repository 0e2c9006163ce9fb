import type { Capabilities, ClientKind } from './types';

type CapabilitySource = {
  context: {
    mailbox: { diagnostics?: { hostName?: string; hostVersion?: string } };
    diagnostics?: { platform?: string; version?: string };
    requirements?: { isSetSupported(name: string, version?: string): boolean };
    ui?: { displayDialogAsync?: unknown };
  };
};

/** Mailbox requirement sets, oldest first. */
const MAILBOX_VERSIONS = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '1.7',
  '1.8',
  '1.9',
  '1.10',
  '1.11',
  '1.12',
  '1.13',
  '1.14',
  '1.15',
];

export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function clientKind(hostName: string, platform: string): ClientKind {
  const h = hostName.toLowerCase();
  const p = platform.toLowerCase();
  if (h.includes('ios') || h.includes('android') || p === 'ios' || p === 'android') return 'mobile';
  if (h === 'outlookwebapp' || p === 'officeonline') return 'web';
  return 'desktop';
}

/** What this Outlook can do, from its diagnostics and requirement sets. */
export function detectCapabilities(office: CapabilitySource): Capabilities {
  const hostName = office.context.mailbox.diagnostics?.hostName ?? '';
  const hostVersion =
    office.context.mailbox.diagnostics?.hostVersion ?? office.context.diagnostics?.version ?? '';
  const platform = office.context.diagnostics?.platform ?? '';
  const requirements = office.context.requirements;
  let mailboxVersion = '1.1';
  for (const v of MAILBOX_VERSIONS) {
    if (requirements?.isSetSupported('Mailbox', v)) mailboxVersion = v;
  }
  const client = clientKind(hostName, platform);
  const atLeast = (v: string) => compareVersions(mailboxVersion, v) >= 0;
  return {
    client,
    platform,
    hostName,
    hostVersion,
    mailboxVersion,
    categories: client !== 'mobile' && atLeast('1.8'),
    pinning: client !== 'mobile' && atLeast('1.5'),
    internetHeaders: atLeast('1.8'),
    dialog: typeof office.context.ui?.displayDialogAsync === 'function',
  };
}
