import Crypto
import FascicoloCore
import Foundation

/// The folder of attachment bytes, `allegati/<first two hex digits>/<sha256>` under the data
/// directory. Uploads are written to `allegati/tmp` while they arrive, hashed on the way, and moved
/// into place only when complete: a file is either whole under its hash or absent.
public struct BlobStore: Sendable {
    public let directory: URL
    /// The folder's name inside the data directory.
    static let folderName = "allegati"
    private static let stagingName = "tmp"

    /// Where the bytes with this hash live.
    func url(sha256: String) -> URL {
        directory.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    /// Starts receiving an upload of at most `limit` bytes.
    public func stage(limit: Int64) throws -> UploadSink {
        let staging = directory.appendingPathComponent(Self.stagingName)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return try UploadSink(url: staging.appendingPathComponent(UUID().uuidString), limit: limit)
    }

    /// Moves a complete upload under its hash (keeping the copy already there, if any). The bytes
    /// reach the disk before the name is published, and the name before this returns (and so
    /// before the row that points at it is committed): a power cut never leaves a row pointing at
    /// an empty or missing file.
    func keep(_ staged: StagedFile) throws {
        let target = url(sha256: staged.sha256)
        let shard = target.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: shard.path) {
            try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
            try DurableFile.syncDirectory(directory)
        }
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: staged.url)
        } else {
            try DurableFile.sync(staged.url)
            try DurableFile.publish(staged.url, as: target)
        }
    }

    /// Deletes uploads left half-written in the staging folder by a process that stopped while
    /// receiving them: files untouched for an hour (an upload in progress writes all the time,
    /// and another process may be receiving one right now).
    func removeLeftovers(now: Date = Date()) {
        let staging = directory.appendingPathComponent(Self.stagingName)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? [] {
            let file = staging.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
            if let modified, now.timeIntervalSince(modified) > 3_600 { try? FileManager.default.removeItem(at: file) }
        }
    }

    /// Copies every stored file (not the staging folder) into `target`, keeping those already there:
    /// a name is a hash, so a file of the same name has the same bytes.
    func copyAll(to target: URL) throws {
        let manager = FileManager.default
        let shards = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        for shard in shards where shard != Self.stagingName {
            let source = directory.appendingPathComponent(shard)
            try manager.createDirectory(at: target.appendingPathComponent(shard), withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: source.path) {
                let copy = target.appendingPathComponent(shard).appendingPathComponent(name)
                if !manager.fileExists(atPath: copy.path) { try manager.copyItem(at: source.appendingPathComponent(name), to: copy) }
            }
        }
    }

    /// Removes the bytes with this hash.
    func remove(sha256: String) {
        try? FileManager.default.removeItem(at: url(sha256: sha256))
    }
}

/// An upload being written to disk: chunks are appended and hashed as they arrive, so a file of
/// any size costs one chunk of memory.
public final class UploadSink {
    private let url: URL
    private let handle: FileHandle
    private let limit: Int64
    private var hasher = SHA256()
    private var size: Int64 = 0
    private var head = Data()
    /// Set once the file is closed, whether finished or discarded.
    private var closed = false

    fileprivate init(url: URL, limit: Int64) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.url = url
        self.handle = try FileHandle(forWritingTo: url)
        self.limit = limit
    }

    deinit {
        if !closed { discard() }
    }

    /// Appends a chunk; fails with `UploadError.tooLarge` (and deletes what arrived) past the limit.
    public func write<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        size += Int64(bytes.count)
        guard size <= limit else {
            discard()
            throw UploadError.tooLarge(limit: limit)
        }
        let data = Data(bytes)
        hasher.update(data: data)
        if head.count < FileKind.sniffLength { head.append(data.prefix(FileKind.sniffLength - head.count)) }
        try handle.write(contentsOf: data)
    }

    /// Closes the file and returns it with its hash, size and first bytes.
    public func finish() throws -> StagedFile {
        try handle.close()
        closed = true
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return StagedFile(url: url, sha256: digest, size: size, head: head)
    }

    /// Deletes what arrived (an upload that failed or was refused).
    public func discard() {
        if !closed { try? handle.close() }
        closed = true
        try? FileManager.default.removeItem(at: url)
    }
}

/// A complete upload waiting in the staging folder.
public struct StagedFile: Sendable {
    let url: URL
    public let sha256: String
    public let size: Int64
    /// The first bytes, to check the file is what its name says.
    let head: Data

    /// Deletes the staged bytes (when the upload is refused).
    public func discard() { try? FileManager.default.removeItem(at: url) }

    /// Reads the staged bytes and deletes them, for uploads kept elsewhere than among the
    /// attachments (templates, logos): small files, checked against `limit` first.
    public func take(limit: Int) throws -> Data {
        defer { discard() }
        guard size <= Int64(limit) else {
            throw FascicoloError.validation([FieldIssue(field: "file", message: "il file supera i \(limit >> 20) MB")])
        }
        return try Data(contentsOf: url)
    }
}

/// Why an upload was refused while it arrived.
public enum UploadError: Error, Sendable {
    case tooLarge(limit: Int64)
}
