/// Packed activations of one tile: `tileRows` rows, row `r` starting `r * rowBytes` bytes
/// after `base`. For the int16-pair kernels (reference, AVX2, AVX-512) a row is int16 values
/// `a - zA`, depth pair `q` the 4 bytes at byte `4q`, padded with 0 to an even length; for
/// the VNNI kernels a row is unsigned bytes `a + 128`, depth quad `q` the 4 bytes at byte `4q`.
struct PackedActivationTile {
  var base: UnsafeRawPointer
  var rowBytes: Int
}
