import Foundation
import HTMLReport

/// Writes `index.html`: every report in the output folder, read back from the `NAME.json`
/// files beside them, so the index lists reports of earlier runs too.
enum IndexWriter {
  static func write(folder: String) throws(RunnerError) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".json") }.sorted()
    let entries = names.compactMap { name -> ReportIndex.Entry? in
      guard let data = FileManager.default.contents(atPath: folder + "/" + name),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let title = object["title"] as? String, object["notebook"] != nil
      else { return nil }
      let base = String(name.dropLast(5))
      guard FileManager.default.fileExists(atPath: folder + "/" + base + ".html") else {
        return nil
      }
      let headlines = (object["headlines"] as? [[String: Any]] ?? []).compactMap {
        item -> KeyValue? in
        guard let n = item["name"] as? String, let v = item["value"] as? String else { return nil }
        return KeyValue(n, v)
      }
      return ReportIndex.Entry(
        title: title, href: base + ".html",
        status: (object["status"] as? String) == "ok" ? .ok : .failed,
        duration: (object["seconds"] as? Double).map { .seconds($0) }, headlines: headlines)
    }
    let index = ReportIndex(
      title: "Quantbook reports", subtitle: "\(entries.count) notebooks", entries: entries)
    try AtomicFile.write(renderIndex(index), to: folder + "/index.html")
  }
}
