// Stage 08.2: no request reaches a file outside the root. A path that no client sends by
// accident — dot-segments, encoded separators, NUL and other control bytes, empty segments,
// malformed escapes — is 400; hidden files and symbolic links that lead out are 404, as if they
// did not exist. No refusal may carry a byte of the secrets beside the root.
// tests/fixtures/static-root.ts draws the folder; tests/apps/static.ts serves it.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { exchange, expectBody, expectHeader, expectStatus, fail } from "./exchange.ts";
import { FILES, PREFIX, PRIVATE_KEY, SECRET, staticRoot } from "./fixtures/static-root.ts";

const STATIC_APP = checkApp("static");

/** A request-target after the prefix, the status it must get, and why. */
type Row = readonly [tail: string, status: 400 | 404, why: string];

const HOSTILE: readonly Row[] = [
  ["../secret.txt", 400, "a dot-segment (RFC 3986 §3.3): clients remove them before sending"],
  ["sub/../../secret.txt", 400, "dot-segments after a folder"],
  ["%2e%2e/secret.txt", 400, "a percent-encoded dot-segment: decode each segment, then refuse '..'"],
  ["%2E%2E/%2E%2E/secret.txt", 400, "upper-case escapes decode the same"],
  [".%2e/secret.txt", 400, "half-encoded"],
  [
    "..%2Fsecret.txt",
    400,
    "an encoded '/' inside a segment: split at '/' first, and refuse a segment that decodes to one",
  ],
  ["sub%2F..%2F..%2Fsecret.txt", 400, "a whole path hidden in one segment"],
  ["..%5Csecret.txt", 400, "an encoded backslash, the separator of Windows paths"],
  ["%2Fetc%2Fpasswd", 400, "an encoded absolute path"],
  ["/etc/passwd", 400, "an empty segment: join(root, '', 'etc') is harmless but resolve(root, '/etc') is not"],
  ["sub//nested/deep.txt", 400, "an empty segment in the middle"],
  [".", 400, "the root itself as '.'"],
  ["%2e", 400, "the root itself as an encoded '.'"],
  ["hello.txt%00.png", 400, "NUL: the C library behind the file system stops reading the name there"],
  ["%00", 400, "NUL alone"],
  ["hello.txt%0D%0AX-Injected:%20yes", 400, "CR LF and other control characters in a name"],
  ["%zz.txt", 400, "a malformed %XX escape (RFC 3986 §2.1)"],
  ["%C0%AE%C0%AE/secret.txt", 400, "an overlong UTF-8 '.', the IIS bug of 2000: not valid UTF-8, so no name"],
  [
    "%252e%252e/secret.txt",
    404,
    "double-encoded: decoded once, it is the literal name '%2e%2e', which does not exist; decoding twice is the bug",
  ],
  [".env", 404, "a hidden file: names starting with '.' are not served"],
  [".git/config", 404, "a file in a hidden folder"],
  ["link-out", 404, "a symbolic link to a file outside the root: compare real paths"],
  ["link-up/secret.txt", 404, "a symbolic link to the folder above the root"],
  [
    "link-private",
    404,
    "a link into a sibling folder whose name starts with the root's: compare with the root's real path plus the separator",
  ],
  ["fifo", 404, "a named pipe is no regular file, and reading one waits forever: check stat().isFile()"],
];

stage("08.2", () => {
  const server = useSharedLabServer(STATIC_APP, { STATIC_ROOT: staticRoot().root });

  test.each(HOSTILE.map((row) => [`${PREFIX}/${row[0]}`, row[1], row[2]] as const))(
    "GET %s → %i, never a byte outside the root",
    async (target, status, why) => {
      const ex = await exchange(server(), "GET", target);
      const body = ex.response.body.toString("latin1");
      if (body.includes(SECRET.trim()) || body.includes(PRIVATE_KEY.trim())) {
        fail(
          "the response carries a file from outside the root",
          ex,
          `${status}, and nothing of the files beside the root`,
          `This path is ${why}.`,
        );
      }
      expectStatus(ex, status, `This path is ${why}.`);
      expectHeader(
        ex,
        "content-type",
        /^application\/json/,
        'A refusal is {"detail": …} JSON like every microfast error.',
      );
    },
  );

  test("a symbolic link that stays inside the root is served like the file it names", async () => {
    const ex = await exchange(server(), "GET", `${PREFIX}/link-in`);
    expectStatus(ex, 200, "Compare real paths: link-in → hello.txt resolves inside the root, so it is allowed.");
    expectBody(ex, FILES.find((f) => f.name === "hello.txt")!.body);
  });

  test("ordinary names with escapes still reach their files: spaces, UTF-8, nested folders", async () => {
    for (const [target, name] of [
      [`${PREFIX}/with%20space.txt`, "with space.txt"],
      [`${PREFIX}/caf%C3%A9.txt`, "café.txt"],
      [`${PREFIX}/sub/nested/deep.txt`, "sub/nested/deep.txt"],
      [`${PREFIX}/sub/nested/deep%2Etxt`, "sub/nested/deep.txt"],
    ] as const) {
      const ex = await exchange(server(), "GET", target);
      expectStatus(ex, 200, "Refuse what cannot be a name; decode and serve everything else.");
      expectBody(ex, FILES.find((f) => f.name === name)!.body);
    }
  });
});
