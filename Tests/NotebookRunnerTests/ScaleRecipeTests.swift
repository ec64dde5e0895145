import Foundation
import Testing

/// The recipes of docs/SCALE.md that no cluster here can run: the Kubernetes manifests are
/// parsed as YAML (by PyYAML, `python3-yaml`, which scripts/install-deps.sh installs: a real
/// YAML parser without adding a Swift dependency) and checked; the Slurm scripts' headers.
/// (scripts/slurm-ci.sh runs the Slurm recipe for real.)
@Suite struct ScaleRecipeTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The documents of a YAML file, as JSON objects, through python3 and PyYAML.
  static func yaml(_ relative: String) throws -> [[String: Any]] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))",
      root.appendingPathComponent(relative).path,
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(
      process.terminationStatus == 0,
      "\(relative) does not parse (python3-yaml comes with scripts/install-deps.sh): \(message)")
    return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
  }

  @Test func indexedJobManifest() throws {
    let documents = try Self.yaml("docs/k8s/quantbook-job.yaml")
    let claim = try #require(documents.first { $0["kind"] as? String == "PersistentVolumeClaim" })
    let claimName = try #require((claim["metadata"] as? [String: Any])?["name"] as? String)
    let claimSpec = try #require(claim["spec"] as? [String: Any])
    #expect(claimSpec["accessModes"] as? [String] == ["ReadWriteMany"], "shards on many nodes")
    let job = try #require(documents.first { $0["kind"] as? String == "Job" })
    let spec = try #require(job["spec"] as? [String: Any])
    #expect(spec["completionMode"] as? String == "Indexed")
    let completions = try #require(spec["completions"] as? Int)
    #expect(completions >= 2)
    let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
    let container = try #require((pod["containers"] as? [[String: Any]])?.first)
    let arguments = try #require(container["args"] as? [String])
    let shard = try #require(arguments.firstIndex(of: "--shard"))
    #expect(arguments.first == "run")
    #expect(arguments[shard + 1] == "\(completions)", "--shard N must equal completions")
    try Self.expectSharedCache(container: container, pod: pod, claimName: claimName)
    let merge = try #require(try Self.yaml("docs/k8s/quantbook-merge.yaml").first)
    let mergeSpec = try #require(merge["spec"] as? [String: Any])
    let mergePod = try #require(
      (mergeSpec["template"] as? [String: Any])?["spec"] as? [String: Any])
    let mergeContainer = try #require((mergePod["containers"] as? [[String: Any]])?.first)
    #expect((mergeContainer["args"] as? [String])?.first == "merge")
    try Self.expectSharedCache(container: mergeContainer, pod: mergePod, claimName: claimName)
  }

  /// QUANTBOOK_CACHE lies inside a volume mounted from the shared claim.
  static func expectSharedCache(container: [String: Any], pod: [String: Any], claimName: String)
    throws
  {
    let env = try #require(container["env"] as? [[String: Any]])
    let cache = try #require(
      env.first { $0["name"] as? String == "QUANTBOOK_CACHE" }?["value"] as? String)
    let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
    let mount = try #require(
      mounts.first { cache.hasPrefix(($0["mountPath"] as? String ?? "?") + "/") },
      "QUANTBOOK_CACHE=\(cache) is on no mounted volume")
    let volumes = try #require(pod["volumes"] as? [[String: Any]])
    let volume = try #require(volumes.first { $0["name"] as? String == mount["name"] as? String })
    let source = volume["persistentVolumeClaim"] as? [String: Any]
    #expect(source?["claimName"] as? String == claimName, "the cache volume is not the claim")
  }

  @Test func slurmScripts() throws {
    let sweep = try String(
      contentsOf: Self.root.appendingPathComponent("scripts/slurm/sweep.sbatch"), encoding: .utf8)
    #expect(sweep.contains("#SBATCH --array=0-"))
    #expect(sweep.contains("--shard auto"))
    #expect(sweep.contains("SLURM_ARRAY_TASK_ID"))
    let merge = try String(
      contentsOf: Self.root.appendingPathComponent("scripts/slurm/merge.sbatch"), encoding: .utf8)
    #expect(merge.contains("merge \"$@\""))
  }
}
