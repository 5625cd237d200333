using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Competence.Skills;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Profile;

/// <summary>The employee profile's qualification tab: status per requirement and skill assessments.</summary>
internal static class QualificationsTab
{
    public sealed record Model(
        Guid EmployeeId, IReadOnlyList<QualificationDto> Qualifications, IReadOnlyList<AssessmentDto> Assessments, IReadOnlyList<SkillDto> Skills, bool CanAssess,
        bool IsSelf, IReadOnlyList<SkillWishDto> Wishes, IReadOnlyList<PendingAcknowledgement> ToAcknowledge);

    public static readonly ProfileTab Tab = new("qualifications", "profile.qualifications", "~/Modules/Competence/Profile/QualificationsTab.cshtml", LoadAsync);

    private static async Task<object> LoadAsync(IServiceProvider services, Guid employeeId, CancellationToken ct)
    {
        var skills = services.GetRequiredService<SkillHandler>();
        var user = services.GetRequiredService<CurrentUser>().Principal;
        var canAssess = (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, Permissions.SkillAssess)).Succeeded;
        var isSelf = services.GetRequiredService<CurrentUser>().EmployeeId == employeeId;
        return new Model(employeeId, await services.GetRequiredService<QualificationQueries>().ForEmployeeAsync(employeeId, ct),
            await skills.AssessmentsAsync(employeeId, ct), canAssess || isSelf ? await skills.ListAsync(ct) : [], canAssess, isSelf,
            await skills.WishesAsync(employeeId, ct),
            isSelf ? await services.GetRequiredService<Completions.CompletionHandler>().PendingAcknowledgementsAsync(employeeId, ct) : []);
    }
}
