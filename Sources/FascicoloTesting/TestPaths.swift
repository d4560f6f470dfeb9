import Foundation

/// Locations the test suites share: the repository root, its fixtures, and fresh temporary folders.
public enum TestPaths {
    /// The repository root (the folder holding `Package.swift`).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<name>`.
    public static func fixture(_ name: String) -> URL {
        repoRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }

    /// A new empty folder under the system temporary directory.
    public static func temporaryDirectory(_ label: String = "fascicolo") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
