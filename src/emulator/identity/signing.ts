import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { generate } from 'selfsigned';

/** One key of Entra's key set: RSA, with its certificate (`x5c`) and SHA-1 thumbprint as `kid` and `x5t`. */
export type EntraJwk = JWK & { kid: string; x5t: string; x5c: string[]; issuer: string };

type SigningKey = { privateKey: KeyObject; jwk: Omit<EntraJwk, 'issuer'> };

/**
 * The provider's token signing key: RSA 2048 with a self-signed certificate, created on first
 * use (tests that never ask for a token pay nothing), kept for the emulator's lifetime.
 */
export class TokenSigner {
  private key: Promise<SigningKey> | null = null;

  private load(): Promise<SigningKey> {
    this.key ??= createSigningKey();
    return this.key;
  }

  /** The public keys, as `/discovery/v2.0/keys` lists them (`issuer` per key, as Entra's v2 set does). */
  async jwks(issuer: string): Promise<{ keys: EntraJwk[] }> {
    const { jwk } = await this.load();
    return { keys: [{ ...jwk, issuer }] };
  }

  /** A JWT signed RS256 with `kid` and `x5t` in the header, as Entra's tokens carry them. */
  async sign(claims: Record<string, unknown>): Promise<string> {
    const { privateKey, jwk } = await this.load();
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: jwk.x5t, kid: jwk.kid })
      .sign(privateKey);
  }

  /** The public key, for verifying tokens this provider issued (the emulator's Graph). */
  async publicKey(): Promise<KeyObject> {
    return createPublicKey((await this.load()).privateKey);
  }

  async keyId(): Promise<string> {
    return (await this.load()).jwk.kid;
  }
}

async function createSigningKey(): Promise<SigningKey> {
  const pems = await generate([{ name: 'commonName', value: 'Regarding emulator token signing' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
  });
  const privateKey = createPrivateKey(pems.private);
  const cert = new X509Certificate(pems.cert);
  const thumbprint = createHash('sha1').update(cert.raw).digest('base64url');
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  return {
    privateKey,
    jwk: {
      kty: 'RSA',
      use: 'sig',
      kid: thumbprint,
      x5t: thumbprint,
      n: publicJwk.n!,
      e: publicJwk.e!,
      x5c: [cert.raw.toString('base64')],
    },
  };
}
