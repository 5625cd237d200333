using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Learning.Recommendations;

internal static class RecommendationEndpoints
{
    public static void MapRecommendationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me/recommendations", (RecommendationHandler h, CancellationToken ct) => h.MineAsync(ct))
            .RequireAuthorization(Permissions.LearnSelf).WithTags("Learning: recommendations")
            .WithName("MyRecommendations").WithSummary("The courses that close my own gaps first, ranked, each with its reasons.");
        var others = app.MapGroup("/api/v1").WithTags("Learning: recommendations").RequireAuthorization(Permissions.CompetenceRead);
        others.MapGet("/employees/{id:guid}/recommendations", (Guid id, RecommendationHandler h, CancellationToken ct) => h.ForEmployeeAsync(id, ct))
            .WithName("EmployeeRecommendations").WithSummary("A person's ranked recommendations with their reasons (a person in the caller's data scope).");
        others.MapGet("/recommendations/team", (Guid? orgUnitId, string? q, int? page, int? pageSize, RecommendationHandler h, CancellationToken ct) =>
                h.TeamAsync(orgUnitId, q, page ?? 1, pageSize ?? 20, ct))
            .WithName("TeamRecommendations").WithSummary("The people in the caller's scope with their open requirement count and first three recommendations, paged.");
    }
}
