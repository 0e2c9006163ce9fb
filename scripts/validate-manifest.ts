/**
 * `npm run validate`: checks manifest.xml the way Outlook would at sideload, offline:
 * 1. XSD validation against the Office schemas kept in schemas/office-manifest (xmllint-wasm);
 * 2. every `resid` resolves to a resource of its own VersionOverrides block;
 * 3. the add-in id is the contract's ADDIN_ID and every URL starts with the base URL;
 * 4. every icon the manifest names exists in assets/ as a PNG of the declared size.
 * It then writes dist/manifest.xml with the base URL replaced by REGARDING_ADDIN_URL (when set),
 * the manifest to deploy for production.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { ADDIN_ID } from '#contract/marker';

export const DEFAULT_ADDIN_URL = 'https://localhost:3000/addin/';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const XSD_DIR = path.resolve(ROOT, 'schemas/office-manifest');
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';

export type ManifestProblem = {
  check: 'xsd' | 'resid' | 'id' | 'url' | 'icon' | 'base_url';
  message: string;
};

/** The manifest with its base URL replaced (must be absolute https and end with a slash). */
export function renderManifest(xml: string, baseUrl: string): string {
  if (!/^https:\/\/[^\s"<>]+\/$/.test(baseUrl))
    throw new Error(`REGARDING_ADDIN_URL must be an https URL ending with "/", got "${baseUrl}"`);
  return xml.split(DEFAULT_ADDIN_URL).join(baseUrl);
}

async function validateAgainstXsd(xml: string, xsdDir: string): Promise<ManifestProblem[]> {
  const schemas = readdirSync(xsdDir).filter((f) => f.endsWith('.xsd'));
  if (!schemas.includes(ROOT_SCHEMA))
    return [{ check: 'xsd', message: `${ROOT_SCHEMA} not found in ${xsdDir}` }];
  const file = (name: string) => ({
    fileName: name,
    contents: readFileSync(path.join(xsdDir, name), 'utf8'),
  });
  const result = await validateXML({
    xml: [{ fileName: 'manifest.xml', contents: xml }],
    schema: [file(ROOT_SCHEMA)],
    preload: schemas.filter((s) => s !== ROOT_SCHEMA).map(file),
  });
  return result.errors.map((e) => ({ check: 'xsd' as const, message: e.rawMessage ?? e.message }));
}

/** Splits the manifest into VersionOverrides scopes: each block's own text without nested blocks. */
function overrideBlocks(xml: string): { name: string; text: string }[] {
  const outer =
    /<VersionOverrides\b[^>]*xsi:type="(VersionOverridesV1_0)"[^>]*>([\s\S]*)<\/VersionOverrides>\s*<\/OfficeApp>/.exec(
      xml,
    );
  if (!outer?.[2]) return [];
  const body = outer[2];
  const nested =
    /<VersionOverrides\b[^>]*xsi:type="(VersionOverridesV1_1)"[^>]*>([\s\S]*?)<\/VersionOverrides>/.exec(
      body,
    );
  const blocks = [{ name: 'VersionOverridesV1_0', text: nested ? body.replace(nested[0], '') : body }];
  if (nested?.[2]) blocks.push({ name: 'VersionOverridesV1_1', text: nested[2] });
  return blocks;
}

function attributes(text: string, element: RegExp, attribute: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(element)) {
    const a = new RegExp(`\\b${attribute}="([^"]*)"`).exec(m[0]);
    if (a?.[1] !== undefined) out.push(a[1]);
  }
  return out;
}

function checkResids(xml: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const blocks = overrideBlocks(xml);
  if (blocks.length === 0) problems.push({ check: 'resid', message: 'no VersionOverrides block found' });
  for (const block of blocks) {
    const defined = new Set(
      attributes(block.text, /<bt:(?:Image|Url|String)\b[^>]*\bid="[^"]*"[^>]*>/g, 'id'),
    );
    for (const resid of attributes(block.text, /<[^>]*\bresid="[^"]*"[^>]*>/g, 'resid')) {
      if (!defined.has(resid))
        problems.push({ check: 'resid', message: `${block.name}: resid "${resid}" has no resource` });
      if (resid.length > 32)
        problems.push({ check: 'resid', message: `${block.name}: resid "${resid}" is longer than 32` });
    }
  }
  return problems;
}

function pngSize(file: string): { width: number; height: number } | null {
  const data = readFileSync(file);
  if (data.length < 24 || data.readUInt32BE(0) !== 0x89504e47 || data.toString('ascii', 12, 16) !== 'IHDR')
    return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function checkUrlsAndIcons(xml: string, baseUrl: string, assetsDir: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const urls = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)].map((m) => m[1]!);
  for (const url of urls) {
    if (url.startsWith('https://login.microsoftonline.com')) continue;
    if (!url.startsWith(baseUrl))
      problems.push({ check: 'url', message: `${url} does not start with ${baseUrl}` });
  }
  for (const url of urls.filter((u) => u.startsWith(`${baseUrl}assets/`))) {
    const name = url.slice(`${baseUrl}assets/`.length);
    const file = path.join(assetsDir, name);
    if (!existsSync(file)) {
      problems.push({
        check: 'icon',
        message: `${name} is missing from assets/ (run npx tsx scripts/make-icons.ts)`,
      });
      continue;
    }
    const size = pngSize(file);
    const declared = /icon-(\d+)\.png$/.exec(name)?.[1];
    if (!size) problems.push({ check: 'icon', message: `${name} is not a PNG` });
    else if (declared && (size.width !== Number(declared) || size.height !== Number(declared)))
      problems.push({
        check: 'icon',
        message: `${name} is ${size.width}x${size.height}, expected ${declared}x${declared}`,
      });
  }
  // Each image resource's id says its size (Icon.NxN); its file must be that size.
  for (const m of xml.matchAll(/<bt:Image id="Icon\.(\d+)x\d+" DefaultValue="[^"]*icon-(\d+)\.png"/g)) {
    if (m[1] !== m[2])
      problems.push({ check: 'icon', message: `Icon.${m[1]}x${m[1]} points at icon-${m[2]}.png` });
  }
  return problems;
}

export type ValidateOptions = { baseUrl?: string; xsdDir?: string; assetsDir?: string };

/** All problems of a manifest text (empty when valid). */
export async function validateManifest(
  xml: string,
  options: ValidateOptions = {},
): Promise<ManifestProblem[]> {
  const baseUrl = options.baseUrl ?? DEFAULT_ADDIN_URL;
  const problems: ManifestProblem[] = [];
  const id = /<Id>([^<]*)<\/Id>/.exec(xml)?.[1];
  if (id !== ADDIN_ID)
    problems.push({ check: 'id', message: `<Id> is ${id ?? 'missing'}, expected ${ADDIN_ID}` });
  problems.push(...(await validateAgainstXsd(xml, options.xsdDir ?? XSD_DIR)));
  problems.push(...checkResids(xml));
  problems.push(...checkUrlsAndIcons(xml, baseUrl, options.assetsDir ?? path.join(ROOT, 'assets')));
  return problems;
}

async function main() {
  const baseUrl = process.env.REGARDING_ADDIN_URL || DEFAULT_ADDIN_URL;
  const source = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  let rendered: string;
  try {
    rendered = renderManifest(source, baseUrl);
  } catch (e) {
    console.error(`validate: ${(e as Error).message}`);
    process.exit(1);
  }
  const problems = await validateManifest(rendered, { baseUrl });
  if (problems.length > 0) {
    for (const p of problems) console.error(`validate: [${p.check}] ${p.message}`);
    console.error(`validate: manifest.xml has ${problems.length} problem(s)`);
    process.exit(1);
  }
  const out = path.join(ROOT, 'dist', 'manifest.xml');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, rendered);
  console.log(`validate: manifest.xml is valid (base URL ${baseUrl}); wrote ${path.relative(ROOT, out)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
