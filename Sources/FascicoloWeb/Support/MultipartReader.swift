import Foundation

/// A streaming reader of `multipart/form-data` bodies (RFC 7578 over RFC 2046), fed chunk by chunk
/// as they arrive and bounded whatever the input: at most `maximumParts` parts, `maximumHeaders`
/// header lines of at most `maximumHeaderLine` bytes each per part. Header names must be RFC 9110
/// tokens and header values free of control characters; anything else is a `Failure`, never a
/// crash. Part bodies are handed on as they are read, holding back only the bytes that could
/// start the next boundary, so memory stays within a chunk plus a boundary.
///
/// Written for Fascicolo rather than taken from MultipartKit, whose parser traps on a header byte
/// of 128 or more (a 30-byte body stopped the whole server).
struct MultipartReader {
    /// Why a body was refused (the caller answers 400).
    struct Failure: Error, Equatable {
        let reason: String
    }

    static let maximumParts = 32
    static let maximumHeaders = 16
    static let maximumHeaderLine = 2_048

    private enum State {
        /// Before the first boundary (a preamble is skipped).
        case preamble
        /// Just after a boundary: `--` ends the body, a line break starts a part.
        case afterBoundary
        case headers
        case body
        /// After the closing boundary: the rest is ignored.
        case epilogue
    }

    /// A part's headers, names in lower case, once its header block is complete.
    var onHeaders: ([(name: String, value: String)]) throws -> Void = { _ in }
    /// Bytes of the current part's body, in order.
    var onBody: (ArraySlice<UInt8>) throws -> Void = { _ in }
    /// The current part ended.
    var onPartComplete: () throws -> Void = {}

    /// `\r\n--boundary`: what ends a part's body.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var headers: [(name: String, value: String)] = []
    private var parts = 0

    /// True once the closing boundary has been read: the body is complete.
    var isComplete: Bool {
        if case .epilogue = state { return true }
        return false
    }

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may open the body without a line break before it.
        pending = Array("\r\n".utf8)
    }

    /// Reads the next chunk of the body.
    mutating func feed(_ chunk: some Sequence<UInt8>) throws {
        pending.append(contentsOf: chunk)
        var start = 0
        defer { pending.removeFirst(start) }
        while start < pending.count {
            switch state {
            case .preamble:
                guard let found = find(delimiter, in: pending, from: start) else {
                    // Keep only what could still be the start of the boundary.
                    start = max(start, pending.count - (delimiter.count - 1))
                    return
                }
                start = found + delimiter.count
                state = .afterBoundary
            case .afterBoundary:
                guard pending.count - start >= 2 else { return }
                if pending[start] == UInt8(ascii: "-"), pending[start + 1] == UInt8(ascii: "-") {
                    start = pending.count
                    state = .epilogue
                    return
                }
                // Transport padding (spaces, tabs) may follow a boundary before its line break.
                guard let lineEnd = find([0x0D, 0x0A], in: pending, from: start) else {
                    guard pending.count - start <= 64 else { throw Failure(reason: "separatore del modulo non valido") }
                    return
                }
                guard pending[start..<lineEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else {
                    throw Failure(reason: "separatore del modulo non valido")
                }
                parts += 1
                guard parts <= Self.maximumParts else { throw Failure(reason: "troppe parti nel modulo") }
                start = lineEnd + 2
                headers = []
                state = .headers
            case .headers:
                guard let lineEnd = find([0x0D, 0x0A], in: pending, from: start) else {
                    guard pending.count - start <= Self.maximumHeaderLine else { throw Failure(reason: "intestazione del modulo troppo lunga") }
                    return
                }
                guard lineEnd - start <= Self.maximumHeaderLine else { throw Failure(reason: "intestazione del modulo troppo lunga") }
                let line = pending[start..<lineEnd]
                start = lineEnd + 2
                if line.isEmpty {
                    try onHeaders(headers)
                    state = .body
                } else {
                    guard headers.count < Self.maximumHeaders else { throw Failure(reason: "troppe intestazioni in una parte del modulo") }
                    headers.append(try Self.header(line))
                }
            case .body:
                if let found = find(delimiter, in: pending, from: start) {
                    if found > start { try onBody(pending[start..<found]) }
                    try onPartComplete()
                    start = found + delimiter.count
                    state = .afterBoundary
                } else {
                    // Everything but a possible beginning of the delimiter is body.
                    let safe = pending.count - (delimiter.count - 1)
                    if safe > start {
                        try onBody(pending[start..<safe])
                        start = safe
                    }
                    return
                }
            case .epilogue:
                start = pending.count
            }
        }
    }

    /// `Name: value` with a token name and a value without control characters (tab allowed).
    private static func header(_ line: ArraySlice<UInt8>) throws -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            throw Failure(reason: "intestazione del modulo non valida")
        }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(isTokenCharacter) else { throw Failure(reason: "intestazione del modulo non valida") }
        let value = line[line.index(after: colon)...]
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw Failure(reason: "intestazione del modulo non valida")
        }
        let text = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return (String(decoding: name, as: UTF8.self).lowercased(), text)
    }

    /// RFC 9110 `tchar`: letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// The first index at or after `from` where `needle` starts in `haystack`.
    private func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
