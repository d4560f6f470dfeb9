// libFuzzer harness for form and query-string decoding (Sources/FascicoloWeb/Support/FormData.swift),
// compiled together with it (see run.sh): any bytes decode, or are refused for too many fields.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let form = try? FormData(parsing: Substring(text)) else { return 0 }
    // What was read encodes and reads back to the same pairs.
    let again = try? FormData(parsing: Substring(form.encoded))
    precondition(again?.pairs.map(\.name) == form.pairs.map(\.name), "a decoded form did not read back")
    return 0
}
