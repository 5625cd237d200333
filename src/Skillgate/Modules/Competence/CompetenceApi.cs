using Skillgate.Modules.Competence.Completions;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Gate;
using Skillgate.Modules.Competence.Matrix;
using Skillgate.Modules.Competence.Operations;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Competence.Requirements;
using Skillgate.Modules.Competence.Skills;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence;

internal static class CompetenceApi
{
    public static void MapCompetenceApi(this IEndpointRouteBuilder app)
    {
        var skills = app.MapGroup("/api/v1/skills").WithTags("Skills");
        skills.MapGet("/", (SkillHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListSkills").WithSummary("The skill catalogue as a tree with level scales.").RequireAuthorization(Permissions.CompetenceRead);
        skills.MapPost("/", (SkillInput input, SkillHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateSkill").WithSummary("Add a skill (optionally under a parent) with its level scale.").RequireAuthorization(Permissions.CompetenceWrite);

        var employees = app.MapGroup("/api/v1/employees/{employeeId:guid}").WithTags("Qualifications");
        employees.MapGet("/assessments", async (Guid employeeId, IOrganizationDirectory org, SkillHandler h, CancellationToken ct) =>
                await h.AssessmentsAsync(await VisibleAsync(org, employeeId, ct), ct))
            .WithName("ListAssessments").WithSummary("An employee's skill assessments, newest first (the history).").RequireAuthorization(Permissions.EmployeeRead);
        employees.MapPost("/assessments", async (Guid employeeId, AssessmentInput input, IOrganizationDirectory org, SkillHandler h, CancellationToken ct) =>
                await h.AssessAsync(await VisibleAsync(org, employeeId, ct), input, ct))
            .WithName("AssessSkill").WithSummary("Record a skill assessment (exam, practical, observation, self-declared).").RequireAuthorization(Permissions.SkillAssess);
        employees.MapGet("/qualifications", async (Guid employeeId, DateTimeOffset? at, IOrganizationDirectory org, QualificationQueries q, CancellationToken ct) =>
            {
                var id = await VisibleAsync(org, employeeId, ct);
                return at is { } moment ? await q.ForEmployeeAtAsync(id, moment, ct) : await q.ForEmployeeAsync(id, ct);
            })
            .WithName("ListQualifications").WithSummary("Status per requirement now, or at a past moment (?at=).").RequireAuthorization(Permissions.EmployeeRead);

        var me = app.MapGroup("/api/v1/me").WithTags("Qualifications");
        me.MapGet("/skill-wishes", async (CurrentUser user, SkillHandler h, CancellationToken ct) => await h.WishesAsync(Self(user), ct))
            .WithName("ListMySkillWishes").WithSummary("Skills the signed-in employee wants to learn.").RequireAuthorization();
        me.MapPost("/skill-wishes", async (SkillWishInput input, CurrentUser user, SkillHandler h, CancellationToken ct) => await h.WishAsync(Self(user), input, ct))
            .WithName("DeclareSkillWish").WithSummary("The signed-in employee declares a skill they want to learn (a self-declared need).").RequireAuthorization();
        me.MapGet("/acknowledgements", async (CurrentUser user, CompletionHandler h, CancellationToken ct) => await h.PendingAcknowledgementsAsync(Self(user), ct))
            .WithName("ListMyPendingAcknowledgements").WithSummary("Document versions the signed-in employee must read and acknowledge, and by when.").RequireAuthorization();

        var operations = app.MapGroup("/api/v1/operations").WithTags("Operations");
        operations.MapGet("/", (OperationHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListOperations").WithSummary("Operations / work centres.").RequireAuthorization(Permissions.CompetenceRead);
        operations.MapPost("/", (OperationInput input, OperationHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateOperation").WithSummary("Add an operation / work centre that can be gated.").RequireAuthorization(Permissions.CompetenceWrite);
        operations.MapPost("/{id:guid}/assignments", async (Guid id, AssignmentInput input, IOrganizationDirectory org, OperationHandler h, CancellationToken ct) =>
                await h.AssignAsync(id, await VisibleAsync(org, input.EmployeeId, ct), ct))
            .WithName("AssignOperation").WithSummary("Put an employee on an operation; 409 with the unmet requirements when not qualified.").RequireAuthorization(Permissions.Assign);

        var requirements = app.MapGroup("/api/v1/requirements").WithTags("Requirements");
        requirements.MapGet("/", (Guid? positionId, Guid? operationId, RequirementHandler h, CancellationToken ct) => h.ListAsync(positionId, operationId, ct))
            .WithName("ListRequirements").WithSummary("Requirements of a position or an operation.").RequireAuthorization(Permissions.CompetenceRead);
        requirements.MapPost("/", (RequirementInput input, RequirementHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateRequirement").WithSummary("Require a skill level, training on a document's current version, or its acknowledgement.").RequireAuthorization(Permissions.CompetenceWrite);
        requirements.MapDelete("/{id:guid}", async (Guid id, RequirementHandler h, CancellationToken ct) =>
            {
                await h.RetireAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RetireRequirement").WithSummary("Retire a requirement (kept in history).").RequireAuthorization(Permissions.CompetenceWrite);

        app.MapPost("/api/v1/completions", async (CompletionInput input, IOrganizationDirectory org, CompletionHandler h, CancellationToken ct) =>
            {
                await VisibleAsync(org, input.EmployeeId, ct);
                var id = await h.RecordAsync(input, ct);
                return TypedResults.Created($"/api/v1/completions/{id}", new { id });
            })
            .WithTags("Qualifications").WithName("RecordCompletion").WithSummary("Record a training completion on one document version.").RequireAuthorization(Permissions.CompetenceWrite);
        app.MapPost("/api/v1/me/acknowledgements/{documentVersionId:guid}", async (Guid documentVersionId, AcknowledgeInput input, CompletionHandler h, CancellationToken ct) =>
            {
                await h.AcknowledgeAsync(documentVersionId, input.Password, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Qualifications").WithName("AcknowledgeDocument").WithSummary("The signed-in employee acknowledges a document version (password re-entered).").RequireAuthorization();

        app.MapPost("/api/v1/positions/{positionId:guid}/assign", async (Guid positionId, AssignPositionInput input, IOrganizationDirectory org, CancellationToken ct) =>
            {
                await org.AssignPositionAsync(input.EmployeeId, positionId, input.EffectiveOn, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Qualifications").WithName("AssignPosition").WithSummary("Put an employee on a post; 409 with the unmet requirements when not qualified.").RequireAuthorization(Permissions.Assign);

        app.MapGet("/api/v1/qualification-check", async (string employee, string? operation, Guid? position, QualificationCheck check, CancellationToken ct) =>
                await check.CheckAsync(employee, operation, position, ct))
            .WithTags("Qualifications").WithName("QualificationCheck").WithSummary("For an MES at operator login: is this employee (number or id) qualified for this operation (code or id) or position?")
            .RequireAuthorization(Permissions.CompetenceRead);

        var overrides = app.MapGroup("/api/v1/overrides").WithTags("Overrides");
        overrides.MapGet("/", (Guid? employeeId, OverrideHandler h, CancellationToken ct) => h.ListAsync(employeeId, ct))
            .WithName("ListOverrides").WithSummary("Temporary overrides of the gate.").RequireAuthorization(Permissions.CompetenceRead);
        overrides.MapPost("/", async (OverrideInput input, OverrideHandler h, CancellationToken ct) =>
            {
                var id = await h.GrantAsync(input, ct);
                return TypedResults.Created($"/api/v1/overrides/{id}", new { id });
            })
            .WithName("GrantOverride").WithSummary("QA lets an employee work a post or operation until a date: reason and electronic signature required.").RequireAuthorization(Permissions.Override);
        overrides.MapDelete("/{id:guid}", async (Guid id, OverrideHandler h, CancellationToken ct) =>
            {
                await h.RevokeAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeOverride").WithSummary("End an override early.").RequireAuthorization(Permissions.Override);

        var matrix = app.MapGroup("/api/v1/matrix").WithTags("Training matrix");
        matrix.MapGet("/", (Guid? orgUnitId, string? status, MatrixHandler h, CancellationToken ct) => h.BuildAsync(orgUnitId, status, ct))
            .WithName("GetMatrix").WithSummary("Employees × requirements of an org subtree, filterable by status.").RequireAuthorization(Permissions.CompetenceRead);
        matrix.MapGet("/export", async (Guid? orgUnitId, string? status, MatrixHandler h, Texts t, CancellationToken ct) =>
                Results.File(MatrixExport.Write(await h.BuildAsync(orgUnitId, status, ct), t), Skillgate.Platform.Excel.XlsxFile.ContentType, "training-matrix.xlsx"))
            .WithName("ExportMatrix").WithSummary("The training matrix as .xlsx.").Produces(StatusCodes.Status200OK, contentType: Skillgate.Platform.Excel.XlsxFile.ContentType)
            .RequireAuthorization(Permissions.CompetenceRead);
        matrix.MapGet("/gaps", (Guid? orgUnitId, MatrixHandler h, CancellationToken ct) => h.GapsAsync(orgUnitId, ct))
            .WithName("GetGapReport").WithSummary("Who lacks what, due when.").RequireAuthorization(Permissions.CompetenceRead);

        app.MapPost("/api/v1/jobs/qualification-daily", async (QualificationDailyJob job, CancellationToken ct) => new { ran = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunQualificationDailyJob").WithSummary("Run today's expiry and reminder job now (once per day; a second call does nothing).")
            .RequireAuthorization(Permissions.UsersWrite);
    }

    private static Guid Self(CurrentUser user) =>
        user.EmployeeId ?? throw new RuleViolationException("no_employee", "The account is not linked to an employee.");

    /// <summary>404 unless the employee lies in the caller's data scope.</summary>
    private static async Task<Guid> VisibleAsync(IOrganizationDirectory org, Guid employeeId, CancellationToken ct) =>
        await org.EmployeeVisibleAsync(employeeId, ct) ? employeeId : throw new NotFoundException("employee");
}
