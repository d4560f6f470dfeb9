internal import CBcrypt

/// Password hashes as bcrypt texts (`$2b$11$…`), computed by the project's own small C target
/// (`CBcrypt`). Hashes written by earlier versions (`$2a$`, `$2b$`, `$2y$`) still verify.
enum PasswordHash {
    /// The hash of `password` with a fresh random salt and 2^`cost` rounds.
    static func make(_ password: String, cost: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var output = [CChar](repeating: 0, count: Int(FL_BCRYPT_HASH_LENGTH) + 1)
        let bytes = Array(password.utf8)
        let status = fl_bcrypt_hash(bytes, bytes.count, salt, Int32(cost), &output)
        precondition(status == 0, "bcrypt cost out of range")
        return String(decoding: output.prefix(Int(FL_BCRYPT_HASH_LENGTH)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `hash` is the hash of `password`; false for anything that is not a bcrypt hash.
    static func verify(_ password: String, hash: String) -> Bool {
        let bytes = Array(password.utf8)
        return fl_bcrypt_verify(bytes, bytes.count, hash) == 1
    }
}
