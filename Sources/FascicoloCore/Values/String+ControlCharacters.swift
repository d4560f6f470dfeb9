extension String {
    /// Whether the text holds control characters (NUL, escape…), which no field of a form or an
    /// import has reason to carry and which SQLite's text functions stop at. Line breaks and tabs
    /// count only when `allowingLineBreaks` is false.
    public func hasControlCharacters(allowingLineBreaks: Bool = false) -> Bool {
        unicodeScalars.contains { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            return !(allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}
