// libFuzzer harness for the forwarding headers read from a trusted proxy
// (Sources/FascicoloWeb/Support/TrustedProxies.swift), compiled together with it (see run.sh):
// the bytes are split at the first newline into X-Forwarded-For and Forwarded; the client found is
// always the peer or one of the addresses the headers name.

let fuzzProxies = TrustedProxies.parse(["127.0.0.1/32", "10.0.0.0/8", "::1"]).proxies!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let forwardedFor = parts.first.flatMap { $0.isEmpty ? nil : $0 }
    let forwarded = parts.count > 1 ? parts[1] : nil
    let client = fuzzProxies.client(peer: "127.0.0.1", forwardedFor: forwardedFor, forwarded: forwarded)
    let hops = TrustedProxies.hops(forwardedFor: forwardedFor, forwarded: forwarded)
    precondition(client == "127.0.0.1" || hops.contains(client ?? ""), "the client is not among the forwarded addresses")
    _ = TrustedProxies.parse([text])
    return 0
}
