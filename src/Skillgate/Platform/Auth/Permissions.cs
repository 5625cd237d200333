using Microsoft.AspNetCore.Authorization;

namespace Skillgate.Platform.Auth;

/// <summary>
/// What a caller may do. A person gets a permission through one of its roles, an API key through its
/// scope. Which records they may touch is the separate data scope (<see cref="DataScope"/>).
/// </summary>
internal static class Permissions
{
    public const string OrgRead = "org.read";

    /// <summary>The home page's view of one's own team: who may not work their post, what expires.</summary>
    public const string HomeTeam = "home.team";

    /// <summary>HR's and QA's home tiles: coverage, needs and budget; releases, retraining, supervision and SLAs.</summary>
    public const string HomeHr = "home.hr";
    public const string HomeQa = "home.qa";
    public const string OrgWrite = "org.write";
    public const string SectorConfigure = "org.sector";
    public const string EmployeeRead = "employee.read";
    public const string EmployeesWrite = "employees.write";
    public const string Import = "org.import";
    public const string UsersRead = "users.read";
    public const string UsersWrite = "users.write";
    public const string ApiKeys = "apikeys.manage";
    public const string Webhooks = "webhooks.manage";
    public const string AuditRead = "audit.read";
    public const string CompetenceRead = "competence.read";
    public const string CompetenceWrite = "competence.write";
    public const string SkillAssess = "skills.assess";
    public const string StandardsWrite = "standards.write";
    public const string StandardsRelease = "standards.release";
    public const string Assign = "assignments.write";
    public const string Override = "overrides.grant";
    public const string LearningRead = "learning.read";
    public const string LearningWrite = "learning.write";
    public const string CourseReview = "course.review";
    public const string LearningAssign = "learning.assign";
    public const string Evaluate = "practical.evaluate";
    public const string LearnSelf = "learning.self";
    public const string FilesUpload = "files.upload";
    public const string TrainingRead = "training.read";
    public const string TrainingWrite = "training.write";
    public const string FaceDelete = "face.delete";
    public const string PlanWrite = "plans.write";
    public const string PlanApprove = "plans.approve";
    public const string QualityRead = "quality.read";
    public const string QualityWrite = "quality.write";
    public const string Supervise = "quality.supervise";
    public const string QualityAttribute = "quality.attribute";
    public const string QualityDispute = "quality.dispute";
    public const string NeedsRead = "needs.read";
    public const string NeedsDecide = "needs.decide";
    public const string NeedsConfigure = "needs.configure";

    /// <summary>Writing, sending and closing training-preference surveys, and turning their answers into needs.</summary>
    public const string Surveys = "needs.surveys";

    /// <summary>Answering a survey one was sent.</summary>
    public const string SurveyAnswer = "surveys.answer";
    public const string EffectivenessRead = "effectiveness.read";
    public const string EffectivenessWrite = "effectiveness.write";
    public const string WorkflowRead = "workflow.read";
    public const string WorkflowDesign = "workflow.design";
    public const string WorkflowAct = "workflow.act";
    public const string KpiRead = "kpi.read";
    public const string KpiConfigure = "kpi.configure";
    public const string KpiClose = "kpi.close";
    public const string KpiSelf = "kpi.self";
    public const string PointsSelf = "points.self";
    public const string PointsRead = "points.read";
    public const string PointsConfigure = "points.configure";
    public const string PointsCorrect = "points.correct";
    public const string PointsApprove = "points.approve";
    public const string PointsInteract = "points.interact";
    public const string PointsConfirm = "points.confirm";
    public const string CreditsApprove = "credits.approve";

    private sealed record Grant(string[] Roles, string? ApiScope);

    private static readonly Dictionary<string, Grant> Grants = new()
    {
        [OrgRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor], "org:read"),
        [EmployeeRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor, Roles.Employee, Roles.Sales], "org:read"),
        [OrgWrite] = new([Roles.Administrator, Roles.HR], "org:write"),
        [SectorConfigure] = new([Roles.Administrator], "org:write"),
        [EmployeesWrite] = new([Roles.Administrator, Roles.HR, Roles.DepartmentHead], "org:write"),
        [Import] = new([Roles.Administrator, Roles.HR], "org:write"),
        [UsersRead] = new([Roles.Administrator], "users:read"),
        [UsersWrite] = new([Roles.Administrator], "users:write"),
        [ApiKeys] = new([Roles.Administrator], null),
        [Webhooks] = new([Roles.Administrator], null),
        [AuditRead] = new([Roles.Administrator], "audit:read"),
        [CompetenceRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor], "competence:read"),
        [CompetenceWrite] = new([Roles.Administrator, Roles.HR, Roles.QA], "competence:write"),
        [SkillAssess] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.Instructor, Roles.DepartmentHead], "competence:write"),
        [StandardsWrite] = new([Roles.Administrator, Roles.QA], "competence:write"),
        [StandardsRelease] = new([Roles.QA], null),
        [Assign] = new([Roles.Administrator, Roles.HR, Roles.ProductionManager, Roles.DepartmentHead], "competence:write"),
        [Override] = new([Roles.QA], null),
        [LearningRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor], "learning:read"),
        [LearningWrite] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.Instructor], "learning:write"),
        [CourseReview] = new([Roles.QA], null),
        [LearningAssign] = new([Roles.Administrator, Roles.HR, Roles.DepartmentHead], "learning:write"),
        [Evaluate] = new([Roles.Instructor, Roles.DepartmentHead], null),
        [LearnSelf] = new([.. Roles.All], null),
        [TrainingRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor], "training:read"),
        [TrainingWrite] = new([Roles.Administrator, Roles.HR, Roles.Instructor], "training:write"),
        [PlanWrite] = new([Roles.Administrator, Roles.HR, Roles.ProductionManager, Roles.DepartmentHead], "training:write"),
        [PlanApprove] = new([Roles.HR], null),
        [FaceDelete] = new([Roles.Administrator, Roles.HR], null),
        [QualityRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead], "quality:read"),
        [QualityWrite] = new([Roles.Administrator, Roles.QA, Roles.ProductionManager], "quality:write"),
        [Supervise] = new([Roles.Administrator, Roles.QA], "quality:write"),
        [QualityAttribute] = new([Roles.QA], null),
        [QualityDispute] = new([Roles.ProductionManager], null),
        [NeedsRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead], "needs:read"),
        [NeedsDecide] = new([Roles.HR], null),
        [NeedsConfigure] = new([Roles.Administrator, Roles.HR, Roles.QA], "needs:write"),
        [Surveys] = new([Roles.Administrator, Roles.HR], "needs:write"),
        [SurveyAnswer] = new([.. Roles.All], null),
        [EffectivenessRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead], "effectiveness:read"),
        [EffectivenessWrite] = new([Roles.Administrator, Roles.HR, Roles.QA], "effectiveness:write"),
        [WorkflowRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor, Roles.Sales], "workflow:read"),
        [WorkflowDesign] = new([Roles.Administrator, Roles.QA, Roles.HR], null),
        [WorkflowAct] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor, Roles.Sales], null),
        [KpiRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead], "kpi:read"),
        [KpiConfigure] = new([Roles.Administrator, Roles.HR, Roles.QA], "kpi:write"),
        [KpiClose] = new([Roles.HR], null),
        [KpiSelf] = new([.. Roles.All], null),
        [PointsSelf] = new([.. Roles.All], null),
        [HomeTeam] = new([Roles.DepartmentHead, Roles.ProductionManager], null),
        [HomeHr] = new([Roles.HR], null),
        [HomeQa] = new([Roles.QA], null),
        [PointsRead] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor], "points:read"),
        [PointsConfigure] = new([Roles.Administrator, Roles.HR], "points:write"),
        [PointsCorrect] = new([Roles.HR], null),
        [PointsApprove] = new([Roles.HR, Roles.DepartmentHead], null),
        [PointsInteract] = new([Roles.Instructor, Roles.HR], null),
        [PointsConfirm] = new([Roles.DepartmentHead], null),
        [CreditsApprove] = new([Roles.HR], "learning:write"),
        [FilesUpload] = new([Roles.Administrator, Roles.HR, Roles.QA, Roles.ProductionManager, Roles.DepartmentHead, Roles.Instructor, Roles.Sales], "competence:write"),
    };

    /// <summary>The scopes an administrator can give an API key.</summary>
    public static readonly IReadOnlyList<string> ApiScopes =
        Grants.Values.Select(g => g.ApiScope).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    public static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var (name, grant) in Grants)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                grant.Roles.Any(ctx.User.IsInRole) ||
                (grant.ApiScope is not null && ctx.User.HasClaim(SkillgateClaims.ApiScope, grant.ApiScope))));
        }
    }
}
