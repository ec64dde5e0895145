/// The product's version, shown by `--version`, in every report, and part of every cache key.
public enum QuantbookVersion {
  public static let string = "0.1.0"
}
