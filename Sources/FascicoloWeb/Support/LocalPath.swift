/// Where a redirect may go after a form: a path on this server only.
enum LocalPath {
    /// `target` when it is a plain local path (`/pratiche?f.stato=aperta`), else `/pratiche`.
    /// Refused: `//host`, `\\`, any control or space character (browsers drop tabs and newlines,
    /// which would turn `/\t/evil` into `//evil`), and anything that does not start with `/`.
    static func safe(_ target: String) -> String {
        let allowed =
            target.hasPrefix("/") && !target.hasPrefix("//")
            && target.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\\"
            }
        return allowed ? target : "/pratiche"
    }
}
