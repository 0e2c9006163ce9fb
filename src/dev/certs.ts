import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A TLS key pair for localhost (PEM). The certificate is also what Node clients trust (`ca`). */
export type DevCertificate = { key: string; cert: string };

/** Generates a self-signed certificate for localhost, 127.0.0.1 and ::1, valid for a year. */
export async function generateLocalhostCertificate(days = 365): Promise<DevCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + days * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // Self-signed and used as its own trust anchor by Node clients (`ca`), hence a CA.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * The dev launcher's certificate under `dir` (`key.pem`, `cert.pem`): generated once, kept, and
 * generated again only when missing, unreadable or about to expire.
 */
export async function ensureDevCertificate(
  dir: string,
): Promise<DevCertificate & { keyFile: string; certFile: string }> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    try {
      const key = readFileSync(keyFile, 'utf8');
      const cert = readFileSync(certFile, 'utf8');
      const validTo = Date.parse(new X509Certificate(cert).validTo);
      if (validTo - Date.now() > 7 * 24 * 3600 * 1000) return { key, cert, keyFile, certFile };
    } catch {
      // Regenerate below.
    }
  }
  const fresh = await generateLocalhostCertificate();
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, fresh.key, { mode: 0o600 });
  writeFileSync(certFile, fresh.cert);
  return { ...fresh, keyFile, certFile };
}
