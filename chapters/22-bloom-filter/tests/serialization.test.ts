// Stage 22.5: a filter as bytes and back. The header is read here field by field at the offsets of
// the README, apart from the code; the corruptions are made here too, with the CRC-32 recomputed
// (node:zlib) where a check needs a header that is consistent but wrong. Every refusal must be a
// BloomFormatError whose `problem` names the cause, with a one-line message.
import { crc32 } from "node:zlib";
import { BloomFilter, BloomFormatError, HEADER_BYTES } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectArgumentError, expectEqual, expectError } from "./expect.ts";
import { absentNames, addedNames } from "./fixtures/names.ts";

const CAPACITY = 20_000;

function filled(): { filter: BloomFilter; names: string[] } {
  const filter = call(`BloomFilter.forCapacity(${CAPACITY}, 0.01)`, () => BloomFilter.forCapacity(CAPACITY, 0.01));
  const names = addedNames(checkSeed(), CAPACITY);
  call(`addAll(${CAPACITY} names)`, () => filter.addAll(names));
  return { filter, names };
}

/** The header's CRC-32 recomputed over a changed buffer: consistent bytes, to reach the later checks. */
function resealed(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32BE(crc32(copy.subarray(28), crc32(copy.subarray(0, 24))), 24);
  return copy;
}

function changed(bytes: Buffer, edit: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(bytes);
  edit(copy);
  return copy;
}

stage("22.5", () => {
  test("the header holds magic, version, k, m, n, p and a CRC-32 at the README's offsets, then the bits", () => {
    const { filter } = filled();
    const bytes = call("serialize()", () => filter.serialize());
    expectEqual("HEADER_BYTES", 28, HEADER_BYTES);
    const body = Math.ceil(filter.bits / 8);
    expectEqual("serialize().length", 28 + body, bytes.length, "28 header bytes, then ⌈m/8⌉ bytes of bits");
    expectEqual(
      "the header of serialize(), field by field",
      {
        magic: "UXBF",
        version: 1,
        hashes: filter.hashes,
        reserved: 0,
        bits: filter.bits,
        capacity: CAPACITY,
        errorRate: 0.01,
        crc32: crc32(bytes.subarray(28), crc32(bytes.subarray(0, 24))),
      },
      {
        magic: bytes.toString("latin1", 0, 4),
        version: bytes.readUInt8(4),
        hashes: bytes.readUInt8(5),
        reserved: bytes.readUInt16BE(6),
        bits: bytes.readUInt32BE(8),
        capacity: bytes.readUInt32BE(12),
        errorRate: bytes.readDoubleBE(16),
        crc32: bytes.readUInt32BE(24),
      },
      "big-endian numbers (writeUInt32BE, writeDoubleBE); the CRC-32 of bytes 0–23 continued over the body",
    );
    expectEqual(
      "the bytes after the header",
      Buffer.from(filter.toBytes()).toString("base64"),
      bytes.subarray(28).toString("base64"),
      "the body is the bits as they are in memory",
    );
  });

  test("deserialize(serialize()) answers as the filter did, and owns its bits", () => {
    const { filter, names } = filled();
    const bytes = filter.serialize();
    const copy = call("BloomFilter.deserialize(filter.serialize())", () => BloomFilter.deserialize(bytes));
    expectEqual(
      "the copy's capacity, errorRate, bits, hashes",
      [filter.capacity, filter.errorRate, filter.bits, filter.hashes],
      [copy.capacity, copy.errorRate, copy.bits, copy.hashes],
    );
    const lost = names.filter((name) => !copy.has(name));
    expectEqual("the names added that the copy does not find", [], lost.slice(0, 5));
    const probes = absentNames(checkSeed(), 20_000);
    const differ = probes.filter((name) => copy.has(name) !== filter.has(name));
    expectEqual("names never added that the copy and the filter answer differently", [], differ.slice(0, 5));
    bytes.fill(0, 28);
    copy.add("after the copy");
    expectEqual(
      "the copy, after the serialized bytes were zeroed",
      [],
      names.filter((name) => !copy.has(name)).slice(0, 5),
      "copy the body out of the input: a caller may reuse its buffer",
    );
    expectEqual('the original filter, after add("after the copy") to the copy', false, filter.has("after the copy"));
  });

  test("refuses truncated, corrupt and foreign bytes with a BloomFormatError that names the problem", async () => {
    const bytes = filled().filter.serialize();
    const bitsAt8 = bytes.readUInt32BE(8);
    const cases: ReadonlyArray<readonly [string, Buffer, string]> = [
      ["no bytes at all", Buffer.alloc(0), "truncated"],
      ["the first 20 bytes (part of the header)", bytes.subarray(0, 20), "truncated"],
      ["the header alone", bytes.subarray(0, 28), "truncated"],
      ["the last byte cut off", bytes.subarray(0, bytes.length - 1), "truncated"],
      ["one byte appended", Buffer.concat([bytes, Buffer.from([0])]), "trailing-bytes"],
      ["a PNG signature", Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), bytes.subarray(8)]), "not-a-filter"],
      ['"UXBG" for "UXBF"', changed(bytes, (b) => b.write("G", 3, "latin1")), "not-a-filter"],
      ["version 2", changed(bytes, (b) => b.writeUInt8(2, 4)), "unsupported-version"],
      ["version 0", changed(bytes, (b) => b.writeUInt8(0, 4)), "unsupported-version"],
      ["one bit of the body flipped", changed(bytes, (b) => b.writeUInt8(b[5000]! ^ 0x10, 5000)), "checksum"],
      [
        "the last byte of the body flipped",
        changed(bytes, (b) => b.writeUInt8(b[b.length - 1]! ^ 0x01, b.length - 1)),
        "checksum",
      ],
      ["k changed in the header", changed(bytes, (b) => b.writeUInt8(b[5]! + 1, 5)), "checksum"],
      ["n changed in the header", changed(bytes, (b) => b.writeUInt32BE(b.readUInt32BE(12) + 1, 12)), "checksum"],
      [
        "the CRC itself changed",
        changed(bytes, (b) => b.writeUInt32BE((b.readUInt32BE(24) ^ 1) >>> 0, 24)),
        "checksum",
      ],
      ["m one bit larger (the same byte count)", changed(bytes, (b) => b.writeUInt32BE(bitsAt8 + 1, 8)), "checksum"],
      ["m doubled", changed(bytes, (b) => b.writeUInt32BE(bitsAt8 * 2, 8)), "truncated"],
      ["k = 0, CRC recomputed", resealed(changed(bytes, (b) => b.writeUInt8(0, 5))), "bad-header"],
      ["reserved bytes set, CRC recomputed", resealed(changed(bytes, (b) => b.writeUInt16BE(1, 6))), "bad-header"],
      ["errorRate 2, CRC recomputed", resealed(changed(bytes, (b) => b.writeDoubleBE(2, 16))), "bad-header"],
      ["errorRate NaN, CRC recomputed", resealed(changed(bytes, (b) => b.writeDoubleBE(Number.NaN, 16))), "bad-header"],
      ["capacity 0, CRC recomputed", resealed(changed(bytes, (b) => b.writeUInt32BE(0, 12))), "bad-header"],
    ];
    for (const [what, data, problem] of cases)
      await expectError(
        `BloomFilter.deserialize(serialize() with ${what})`,
        () => BloomFilter.deserialize(data),
        `a BloomFormatError with problem "${problem}" and a one-line message`,
        (error) => error instanceof BloomFormatError && error.problem === problem,
        "check in the README's order: header length, magic, version, body length, checksum, then the fields",
      );
    await expectArgumentError(
      'BloomFilter.deserialize("UXBF…")',
      "Uint8Array",
      () => BloomFilter.deserialize(bytes.toString("latin1") as unknown as Uint8Array),
      "bytes are a Buffer or a Uint8Array: refuse anything else with a TypeError",
    );
  });

  test("reads a Uint8Array that is a view into a larger buffer", () => {
    const bytes = filled().filter.serialize();
    const larger = new Uint8Array(bytes.length + 64);
    larger.set(bytes, 32);
    const view = larger.subarray(32, 32 + bytes.length);
    const what = "BloomFilter.deserialize(a Uint8Array view at offset 32 of a larger buffer)";
    const copy = call(
      what,
      () => BloomFilter.deserialize(view),
      "read through byteOffset and byteLength, not the whole buffer",
    );
    expectEqual(
      `${what}: its bits`,
      Buffer.from(bytes.subarray(28)).toString("base64"),
      Buffer.from(copy.toBytes()).toString("base64"),
    );
  });
});
