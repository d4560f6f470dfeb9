import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reverse proxies (`--trusted-proxy CIDR`) whose forwarding headers are believed. Only when
/// the peer of a connection is one of them does the server read `X-Forwarded-For` or `Forwarded`
/// (the client is the rightmost address that is not a trusted proxy: anything left of it could
/// have been written by the client itself) and `X-Forwarded-Proto` (whether the browser used
/// HTTPS). Without trusted proxies the peer is the client and the headers are ignored, so that
/// no client can pick the address its failed sign-ins are counted under.
public struct TrustedProxies: Sendable {
    /// An address range: 16 bytes (IPv4 mapped into IPv6) and the number of leading bits that count.
    struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let bits: Int

        func contains(_ address: [UInt8]) -> Bool {
            for index in 0..<16 {
                let used = min(8, max(0, bits - index * 8))
                guard used > 0 else { return true }
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - used))
                if bytes[index] & mask != address[index] & mask { return false }
            }
            return true
        }
    }

    let ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    /// Parses `CIDR`s such as `127.0.0.1/32`, `10.0.0.0/8`, `::1/128` or a bare address; nil with
    /// the first one that is not valid.
    public static func parse(_ texts: [String]) -> (proxies: TrustedProxies?, invalid: String?) {
        var ranges: [Range] = []
        for text in texts {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = parts.first.flatMap(Self.address), parts.count <= 2 else { return (nil, text) }
            let isV4 = !parts[0].contains(":")
            let maximum = isV4 ? 32 : 128
            guard let prefix = parts.count == 2 ? Int(parts[1]) : maximum, (0...maximum).contains(prefix) else { return (nil, text) }
            ranges.append(Range(bytes: bytes, bits: isV4 ? 96 + prefix : prefix))
        }
        return (TrustedProxies(ranges: ranges), nil)
    }

    /// Whether `address` (textual IPv4 or IPv6) is one of the trusted proxies.
    func trusts(_ address: String?) -> Bool {
        guard let address, let bytes = Self.address(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer, unless the peer is a trusted proxy; then the rightmost
    /// forwarded address that is not a trusted proxy (or the leftmost, when all are).
    func client(peer: String?, forwardedFor: String?, forwarded: String?) -> String? {
        guard trusts(peer) else { return peer }
        let hops = Self.hops(forwardedFor: forwardedFor, forwarded: forwarded)
        guard !hops.isEmpty else { return peer }
        return hops.last { !trusts($0) } ?? hops.first
    }

    /// Whether the browser reached the proxy over HTTPS (only a trusted peer is believed).
    func isSecure(peer: String?, forwardedProto: String?) -> Bool {
        guard trusts(peer), let proto = forwardedProto?.split(separator: ",").first else { return false }
        return proto.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// The addresses a request went through, client first, from `X-Forwarded-For` or else from
    /// the `for=` parameters of `Forwarded` (RFC 7239). Entries that are not addresses are kept
    /// out (an obfuscated `for=_hidden`, garbage).
    static func hops(forwardedFor: String?, forwarded: String?) -> [String] {
        if let forwardedFor {
            return forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { address($0) != nil }
        }
        guard let forwarded else { return [] }
        var hops: [String] = []
        for element in forwarded.split(separator: ",") {
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0].lowercased() == "for" else { continue }
                var value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
                    value = String(value[value.index(after: value.startIndex)..<close])
                } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
                    value = String(value[..<colon])  // IPv4 with a port
                }
                if address(value) != nil { hops.append(value) }
            }
        }
        return hops
    }

    /// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped), or nil.
    static func address(_ text: String) -> [UInt8]? {
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: &v4) { Array($0) }
        }
        return nil
    }
}
