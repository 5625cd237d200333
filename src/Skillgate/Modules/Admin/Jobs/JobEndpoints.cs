using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;

namespace Skillgate.Modules.Admin.Jobs;

internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        jobs.MapGet("/", (JobQueries h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListJobs").WithSummary("Every background job: period, newest run (start, duration, outcome, error, node), next run, failures.")
            .RequireAuthorization(Permissions.UsersWrite);
        jobs.MapGet("/failures", (string? job, int? page, int? pageSize, JobQueries h, CancellationToken ct) =>
                h.FailuresAsync(string.IsNullOrWhiteSpace(job) ? null : job.Trim(), PageRequest.Of(page ?? 1, pageSize ?? 50, 200), ct))
            .WithName("ListJobFailures").WithSummary("Failed job runs, newest first, with their error and node.").RequireAuthorization(Permissions.UsersWrite);
        jobs.MapPost("/{name}/run", (string name, JobQueries h, CancellationToken ct) => h.RunAsync(name, ct))
            .WithName("RunJob").WithSummary("Runs the job's pass now on the node that takes the request; the answer holds its outcome.")
            .RequireAuthorization(Permissions.UsersWrite);
    }
}
