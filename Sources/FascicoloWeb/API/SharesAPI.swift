import FascicoloCore
import FascicoloEngine
import Hummingbird

/// `/api/v1/pratiche/{id}/shares`: the accounts a pratica is shared with; the owner adds one by
/// its 6-digit code and ends a share.
struct SharesAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche/:id/shares", use: list)
        group.post("/pratiche/:id/shares", use: add)
        group.delete("/pratiche/:id/shares/:code", use: remove)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return .json(Self.encode((try await engine.run(context) { try $0.shares(id: try context.routeID(), actor: identity.actor) })))
    }

    /// `{"codice": "123456"}`.
    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["codice"])
        let shares =
            (try await engine.run(context) {
                try $0.share(id: try context.routeID(), withAccountCode: try body.string("codice", required: true)!, actor: identity.actor)
            })
        return .json(Self.encode(shares), status: .created)
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.routeID()
        let code = context.parameters.get("code") ?? ""
        guard let share = (try await engine.run(context) { try $0.shares(id: id, actor: identity.actor) }).first(where: { $0.account.code == code })
        else {
            throw FascicoloError.notFound("condivisione")
        }
        (try await engine.run(context) { try $0.unshare(id: id, accountId: share.account.id, actor: identity.actor) })
        return Response(status: .noContent)
    }

    static func encode(_ shares: [Share]) -> JSON {
        .object([
            (
                "condivisioni",
                .array(
                    shares.map { share in
                        .object([("codice", .string(share.account.code)), ("nome", .string(share.account.name)), ("dal", .string(share.since))])
                    })
            )
        ])
    }
}
