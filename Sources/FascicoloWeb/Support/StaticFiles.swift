import Foundation
import Hummingbird

/// The stylesheet, script and OpenAPI document, read once from the bundle and served from memory.
/// Only these named files exist: no path from the request ever reaches the file system.
struct StaticFiles: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
    }

    let files: [String: File]

    static func load() throws -> StaticFiles {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Static") else {
            throw WebStartupError("static files not found in the FascicoloWeb bundle")
        }
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "json": "application/json; charset=utf-8"]
        var files: [String: File] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let ext = (name as NSString).pathExtension
            guard let type = types[ext] else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        return StaticFiles(files: files)
    }

    func response(_ name: String) throws -> Response {
        guard let file = files[name] else { throw WebError.notFound }
        return Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=600"],
            body: ResponseBody(byteBuffer: file.bytes))
    }
}
