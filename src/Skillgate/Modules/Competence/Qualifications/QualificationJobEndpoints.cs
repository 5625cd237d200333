using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Qualifications;

internal static class QualificationJobEndpoints
{
    public static void MapQualificationJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/jobs/qualification-daily", async (QualificationDailyJob job, CancellationToken ct) => new { ran = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunQualificationDailyJob").WithSummary("Run today's expiry and reminder job now (once per day; a second call does nothing).")
            .RequireAuthorization(Permissions.UsersWrite);
    }
}
