import Testing

@testable import TensorEngine

/// Known answers from FIPS 180-4's examples and the empty string.
@Test(arguments: [
  ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
  ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
  (
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
  ),
])
func sha256KnownAnswers(input: String, digest: String) {
  #expect(SHA256.hex(Array(input.utf8)) == digest)
}

/// Feeding the same bytes in uneven pieces gives the one-shot digest (block boundaries).
@Test func sha256Incremental() {
  let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
  var hasher = SHA256()
  var start = 0
  for size in [1, 63, 64, 65, 200, 7] {
    hasher.update(bytes[start..<start + size])
    start += size
  }
  hasher.update(bytes[start...])
  #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(bytes))
  // A million 'a's, FIPS 180-4's long example.
  #expect(
    SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
      == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}
