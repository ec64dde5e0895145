/// Packed activations of one tile: `tileRows` rows of int16 values `a - zA`, row `r` starting
/// `r * rowStride` elements after the first; depth pair `q` of a row is the 4 bytes at
/// element `2q`. Rows are padded with 0 to an even length.
struct PackedActivationTile {
  var base: UnsafePointer<Int16>
  var rowStride: Int
}
