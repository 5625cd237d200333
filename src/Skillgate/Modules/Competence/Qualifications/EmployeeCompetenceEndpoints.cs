using Skillgate.Modules.Competence.Completions;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Skills;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Qualifications;

internal static class EmployeeCompetenceEndpoints
{
    public static void MapEmployeeCompetenceEndpoints(this IEndpointRouteBuilder app)
    {
        var employees = app.MapGroup("/api/v1/employees/{employeeId:guid}").WithTags("Qualifications");
        employees.MapGet("/assessments", async (Guid employeeId, IOrganizationDirectory org, SkillHandler h, CancellationToken ct) =>
                await h.AssessmentsAsync(await EmployeeGuards.VisibleAsync(org, employeeId, ct), ct))
            .WithName("ListAssessments").WithSummary("An employee's skill assessments, newest first (the history).").RequireAuthorization(Permissions.EmployeeRead);
        employees.MapPost("/assessments", async (Guid employeeId, AssessmentInput input, IOrganizationDirectory org, SkillHandler h, CancellationToken ct) =>
                await h.AssessAsync(await EmployeeGuards.VisibleAsync(org, employeeId, ct), input, ct))
            .WithName("AssessSkill").WithSummary("Record a skill assessment (exam, practical, observation, self-declared).").RequireAuthorization(Permissions.SkillAssess);
        employees.MapGet("/qualifications", async (Guid employeeId, DateTimeOffset? at, IOrganizationDirectory org, QualificationQueries q, CancellationToken ct) =>
            {
                var id = await EmployeeGuards.VisibleAsync(org, employeeId, ct);
                return at is { } moment ? await q.ForEmployeeAtAsync(id, moment, ct) : await q.ForEmployeeAsync(id, ct);
            })
            .WithName("ListQualifications").WithSummary("Status per requirement now, or at a past moment (?at=).").RequireAuthorization(Permissions.EmployeeRead);

        var me = app.MapGroup("/api/v1/me").WithTags("Qualifications");
        me.MapGet("/skill-wishes", async (CurrentUser user, SkillHandler h, CancellationToken ct) => await h.WishesAsync(EmployeeGuards.Self(user), ct))
            .WithName("ListMySkillWishes").WithSummary("Skills the signed-in employee wants to learn.").RequireAuthorization();
        me.MapPost("/skill-wishes", async (SkillWishInput input, CurrentUser user, SkillHandler h, CancellationToken ct) => await h.WishAsync(EmployeeGuards.Self(user), input, ct))
            .WithName("DeclareSkillWish").WithSummary("The signed-in employee declares a skill they want to learn (a self-declared need).").RequireAuthorization();
        me.MapGet("/acknowledgements", async (CurrentUser user, CompletionHandler h, CancellationToken ct) => await h.PendingAcknowledgementsAsync(EmployeeGuards.Self(user), ct))
            .WithName("ListMyPendingAcknowledgements").WithSummary("Document versions the signed-in employee must read and acknowledge, and by when.").RequireAuthorization();
    }
}
