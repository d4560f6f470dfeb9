/// A strict RFC 8259 parser producing `JSON`; numbers keep their literal text.
public struct JSONParser {
    /// Why a text is not JSON, with the byte offset where parsing stopped.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "JSON non valido alla posizione \(offset): \(reason)" }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private static let maxDepth = 64

    private init(_ text: String) { self.bytes = Array(text.utf8) }

    /// Parses one JSON value filling the whole text (surrounding white space allowed).
    public static func parse(_ text: String) throws(Failure) -> JSON {
        var parser = JSONParser(text)
        parser.skipSpace()
        let value = try parser.parseValue()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.failure("testo in eccesso dopo il valore") }
        return value
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue() throws(Failure) -> JSON {
        guard position < bytes.count else { throw failure("fine inattesa") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func expect(_ word: String) throws(Failure) {
        let literal = Array(word.utf8)
        guard bytes.count - position >= literal.count, Array(bytes[position..<position + literal.count]) == literal else {
            throw failure(Wording.valueNotRecognised)
        }
        position += literal.count
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw failure("annidamento troppo profondo") }
    }

    private mutating func parseObject() throws(Failure) -> JSON {
        try enter()
        defer { depth -= 1 }
        position += 1
        var pairs: [(String, JSON)] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(pairs)
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("attesa una chiave tra virgolette") }
            let key = try parseString()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("attesi i due punti") }
            position += 1
            skipSpace()
            pairs.append((key, try parseValue()))
            skipSpace()
            guard position < bytes.count else { throw failure("oggetto non chiuso") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { throw failure("attesa una virgola o '}'") }
            position += 1
            return .object(pairs)
        }
    }

    private mutating func parseArray() throws(Failure) -> JSON {
        try enter()
        defer { depth -= 1 }
        position += 1
        var items: [JSON] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try parseValue())
            skipSpace()
            guard position < bytes.count else { throw failure("lista non chiusa") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { throw failure("attesa una virgola o ']'") }
            position += 1
            return .array(items)
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure(Wording.controlCharacter) }
            position += 1
        }
        return try parseEscapedString(from: start)
    }

    /// The slow path for a string with escapes: decode run by run.
    private mutating func parseEscapedString(from start: Int) throws(Failure) -> String {
        var scalars = String.UnicodeScalarView()
        var runStart = start
        while true {
            guard position < bytes.count else { throw failure("testo non chiuso") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
                position += 1
                if byte == UInt8(ascii: "\"") { return String(scalars) }
                scalars.append(try parseEscape())
                runStart = position
                continue
            }
            if byte < 0x20 { throw failure(Wording.controlCharacter) }
            position += 1
        }
    }

    private mutating func parseEscape() throws(Failure) -> Unicode.Scalar {
        guard position < bytes.count else { throw failure("sequenza di escape incompleta") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800...0xDBFF).contains(high) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw failure("surrogato UTF-16 spaiato")
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("surrogato UTF-16 spaiato") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw failure("surrogato UTF-16 spaiato") }
            return scalar
        default:
            throw failure("sequenza di escape non valida")
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard bytes.count - position >= 4,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else {
            throw failure("escape \\u non valido")
        }
        position += 4
        return value
    }

    private mutating func parseNumber() throws(Failure) -> String {
        let start = position
        func digits() -> Int {
            let begin = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - begin
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure(Wording.valueNotRecognised) }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw failure("zeri iniziali non ammessi") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("cifre decimali mancanti") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("esponente non valido") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
