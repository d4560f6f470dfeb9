/// Serialises `JSON` compactly or indented, escaping as RFC 8259 requires.
extension JSON {
    /// The compact form, one line: what the store and JSON Lines use.
    public var compact: String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// A two-space indented form for people.
    public var pretty: String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): JSON.writeString(text, to: &output)
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, to: &output, indent: indent, level: level) { index, out in
                items[index].write(to: &out, indent: indent, level: level + 1)
            }
        case .object(let pairs):
            writeContainer(open: "{", close: "}", count: pairs.count, to: &output, indent: indent, level: level) { index, out in
                JSON.writeString(pairs[index].0, to: &out)
                out += indent == nil ? ":" : ": "
                pairs[index].1.write(to: &out, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, to output: inout String, indent: String?,
        level: Int, element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let indent { output += "\n" + String(repeating: indent, count: level + 1) }
            element(index, &output)
        }
        if let indent { output += "\n" + String(repeating: indent, count: level) }
        output += close
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most strings need no escape: copy them whole (U+2028/2029 start with the byte 0xE2).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
