// A throwaway certificate for the HTTPS checks, made with the openssl command line when the
// checks load: a P-256 key and a self-signed certificate for localhost and 127.0.0.1, valid for
// a day, in a temporary folder removed when the process exits. A client trusts it by being
// given it as its only certificate authority (`ca`), as a browser trusts an installed root.
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Certificate {
  readonly keyFile: string;
  readonly certFile: string;
  /** The certificate, PEM-encoded: what a client passes as `ca`. */
  readonly pem: string;
  /** SHA-256 of the certificate, as node:tls reports a peer's (fingerprint256). */
  readonly fingerprint256: string;
}

export type Made =
  | { readonly ok: true; readonly certificate: Certificate }
  | { readonly ok: false; readonly reason: string };

export const OPENSSL_MISSING =
  "openssl is not installed (apt-get install openssl | brew install openssl): the HTTPS checks make their certificate with it";

export function selfSignedCertificate(): Made {
  const dir = mkdtempSync(join(tmpdir(), "microfast-tls-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "pipe" },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: false, reason: OPENSSL_MISSING };
    throw new Error(`openssl could not make a certificate: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  const pem = readFileSync(certFile, "utf8");
  return { ok: true, certificate: { keyFile, certFile, pem, fingerprint256: new X509Certificate(pem).fingerprint256 } };
}
