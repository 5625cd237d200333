using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Mandatory;

internal static class MandatoryEndpoints
{
    public static void MapMandatoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/jobs/mandatory-invites", async (Mandatory.MandatoryInvitations job, CancellationToken ct) => new { invited = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunMandatoryInvites").WithSummary("Invite everyone who lacks a training requirement to the next suitable session now (also run every hour).")
            .RequireAuthorization(Permissions.TrainingWrite);
    }
}
