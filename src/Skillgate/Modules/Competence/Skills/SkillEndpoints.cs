using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Skills;

internal static class SkillEndpoints
{
    public static void MapSkillEndpoints(this IEndpointRouteBuilder app)
    {
        var skills = app.MapGroup("/api/v1/skills").WithTags("Skills");
        skills.MapGet("/", (SkillHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListSkills").WithSummary("The skill catalogue as a tree with level scales.").RequireAuthorization(Permissions.CompetenceRead);
        skills.MapPost("/", (SkillInput input, SkillHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateSkill").WithSummary("Add a skill (optionally under a parent) with its level scale.").RequireAuthorization(Permissions.CompetenceWrite);
    }
}
