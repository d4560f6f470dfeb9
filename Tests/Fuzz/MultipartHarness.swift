// libFuzzer harness for the upload reader (Sources/FascicoloWeb/Support/MultipartReader.swift),
// compiled together with it (see run.sh). The first byte chooses how the body is cut into chunks,
// so that boundaries split across chunks are explored too.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let chunk = Int(bytes[0] % 64) + 1
    var reader = MultipartReader(boundary: "X")
    var received = 0
    reader.onBody = { received += $0.count }
    do {
        for start in stride(from: 1, to: bytes.count, by: chunk) {
            try reader.feed(bytes[start..<min(start + chunk, bytes.count)])
        }
    } catch {
        // A refusal is a correct answer.
    }
    precondition(received <= bytes.count, "the reader handed on more bytes than it was given")
    return 0
}
