import FascicoloCore
import FascicoloEngine
import Foundation
import Hummingbird

/// A `multipart/form-data` upload read as it arrives: the one file part (`file`) is streamed into
/// the engine's staging folder, hashed on the way, so memory holds one chunk whatever the file's
/// size; the small text parts are kept. A body past the size limit, a second file, or a malformed
/// body is refused and leaves nothing on disk.
struct MultipartUpload {
    /// The file as staged, with the name and media type the client gave; nil when no file was sent.
    var file: StagedFile?
    var fileName = ""
    var claimedType: String?
    /// The text parts (at most 20, of at most 4 KB each).
    var fields: [String: String] = [:]

    static let fileField = "file"

    /// Reads the request's body.
    static func read(_ request: Request, engine: Engine) async throws -> MultipartUpload {
        guard request.mediaType == "multipart/form-data" else { throw WebError.unsupportedMediaType(expected: "multipart/form-data") }
        guard let boundary = Self.boundary(request.headers[.contentType] ?? ""), (1...70).contains(boundary.count) else {
            throw WebError.badRequest("modulo di caricamento senza separatore (boundary)")
        }
        // A declared length far past the limit is refused before a byte of the body is read (the
        // form's other parts and the multipart framing fit in the 64 KB of slack).
        if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > engine.uploadLimit + (64 << 10) {
            throw WebError.payloadTooLarge("il file supera il limite di \(engine.uploadLimit / (1 << 20)) MB")
        }
        let state = ParseState(engine: engine)
        var reader = MultipartReader(boundary: boundary)
        reader.onHeaders = { headers in try state.begin(headers) }
        reader.onBody = { bytes in try state.body(bytes) }
        reader.onPartComplete = { try state.partComplete() }
        do {
            for try await chunk in request.body {
                try reader.feed(chunk.readableBytesView)
            }
            // The body is complete only when it ends with the closing boundary (a connection cut
            // between two parts would otherwise read as a shorter, valid form).
            guard reader.isComplete else { throw WebError.badRequest("caricamento interrotto o modulo non valido") }
        } catch {
            state.abandon()
            if let upload = error as? UploadError, case .tooLarge(let limit) = upload {
                throw WebError.payloadTooLarge("il file supera il limite di \(limit / (1 << 20)) MB")
            }
            if let failure = error as? MultipartReader.Failure { throw WebError.badRequest(failure.reason) }
            if error is WebError { throw error }
            throw WebError.badRequest("modulo di caricamento non valido")
        }
        return state.result
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The `name` and `filename` of a `Content-Disposition: form-data; …` header.
    static func disposition(_ value: String) -> (name: String?, fileName: String?) {
        var name: String?
        var fileName: String?
        var rest = Substring(value)
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: ";").last?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            rest = rest[rest.index(after: equals)...]
            let text: String
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let close = rest.firstIndex(of: "\"") ?? rest.endIndex
                text = String(rest[..<close])
                rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                text = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            switch key {
            case "name": name = text
            case "filename": fileName = text.replacingOccurrences(of: "%22", with: "\"")
            default: break
            }
        }
        return (name, fileName)
    }

    /// What the reader's callbacks build: the staged file and the text parts.
    private final class ParseState {
        let engine: Engine
        var result = MultipartUpload()
        private var sink: UploadSink?
        private var text: [UInt8]?
        private var textName = ""

        init(engine: Engine) { self.engine = engine }

        /// A part's headers are complete: a file part opens a staging sink, any other part
        /// collects text.
        func begin(_ headers: [(name: String, value: String)]) throws {
            let disposition = headers.first { $0.name == "content-disposition" }.map { MultipartUpload.disposition($0.value) }
            guard let name = disposition?.name else { throw WebError.badRequest("parte del modulo senza nome") }
            // A file input left empty still sends its part, with an empty name and no bytes: no file.
            if name == MultipartUpload.fileField, let fileName = disposition?.fileName, !fileName.isEmpty {
                guard result.file == nil else { throw WebError.badRequest("un solo file per caricamento") }
                result.fileName = fileName
                result.claimedType = headers.first { $0.name == "content-type" }?.value.split(separator: ";").first
                    .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                sink = try engine.stageUpload()
            } else {
                guard result.fields.count < 20 else { throw WebError.badRequest(Wording.tooManyFormFields) }
                textName = name
                text = []
            }
        }

        func body(_ bytes: ArraySlice<UInt8>) throws {
            if let sink {
                try sink.write(bytes)
            } else if text != nil {
                text! += bytes
                guard text!.count <= 4096 else { throw WebError.badRequest("campo del modulo troppo lungo") }
            }
        }

        func partComplete() throws {
            if let sink {
                result.file = try sink.finish()
                self.sink = nil
            } else if let bytes = text {
                result.fields[textName] = String(decoding: bytes, as: UTF8.self)
                text = nil
            }
        }

        /// Deletes whatever was staged (the upload failed).
        func abandon() {
            sink?.discard()
            result.file?.discard()
        }
    }
}
