import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files written so that a power cut after the call cannot leave them empty or half written:
/// the data is flushed to the disk (`fsync`) before the name is published, and the folder that
/// holds the name is flushed after.
public enum DurableFile {
    /// Why a durable write failed (the system's `errno`, no path: paths can hold names).
    public struct Failure: Error, CustomStringConvertible {
        public let operation: String
        public let code: Int32
        public var description: String { "\(operation) non riuscito (errno \(code))" }
    }

    /// Creates `url` holding `data` only when no file has that name (`O_CREAT | O_EXCL`), with
    /// permissions `mode`, then flushes it and its folder. Returns false, writing nothing, when
    /// the file already exists.
    public static func createExclusively(_ url: URL, data: Data, mode: mode_t = 0o600) throws -> Bool {
        let descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY, mode)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw Failure(operation: "creazione del file", code: errno)
        }
        do {
            try write(data, to: descriptor)
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(url.path)
            throw error
        }
        try syncDirectory(url.deletingLastPathComponent())
        return true
    }

    /// Moves `temporary` (already written and flushed) to `destination` and flushes the folder,
    /// so that the new name survives a power cut.
    public static func publish(_ temporary: URL, as destination: URL) throws {
        guard rename(temporary.path, destination.path) == 0 else { throw Failure(operation: "rinomina del file", code: errno) }
        try syncDirectory(destination.deletingLastPathComponent())
    }

    /// Flushes the file at `url` to the disk.
    public static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(operation: "apertura del file", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "scrittura su disco", code: errno) }
    }

    /// Flushes a folder's entries (new, renamed or removed names) to the disk.
    public static func syncDirectory(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw Failure(operation: "apertura della cartella", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "scrittura su disco della cartella", code: errno) }
    }

    /// Writes all of `data` to an open descriptor and flushes it.
    public static func write(_ data: Data, to descriptor: Int32) throws {
        var offset = 0
        try data.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(operation: "scrittura del file", code: errno)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "scrittura su disco", code: errno) }
    }
}
