import Foundation
import Hummingbird
import Mustache

/// Renders the Mustache templates bundled in `Templates/` into HTML responses.
struct Renderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template; a template that does not parse stops the server at start-up.
    static func load() async throws -> Renderer {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw WebStartupError("templates not found in the FascicoloWeb bundle")
        }
        return Renderer(library: try await MustacheLibrary(directory: directory.path))
    }

    /// The HTML of a template over a view model.
    func html(_ template: String, _ view: Any) -> String {
        guard let text = library.render(ViewTree.make(view), withTemplate: template) else {
            preconditionFailure("missing template \(template)")
        }
        return text
    }

    /// A `text/html` response with the page.
    func page(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        Response.html(html(template, view), status: status)
    }
}

/// A failure while starting the server (missing resources, a port in use), said in one line.
struct WebStartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Response {
    /// An HTML page that is never cached (it shows personal data of a signed-in user).
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 redirect (after a POST, the browser follows it with a GET).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
