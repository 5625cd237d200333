using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence;

/// <summary>What the competence endpoints check of the employee a request names.</summary>
internal static class EmployeeGuards
{
    public static Guid Self(CurrentUser user) =>
        user.EmployeeId ?? throw new RuleViolationException("no_employee", "The account is not linked to an employee.");

    /// <summary>404 unless the employee lies in the caller's data scope.</summary>
    public static async Task<Guid> VisibleAsync(IOrganizationDirectory org, Guid employeeId, CancellationToken ct) =>
        await org.EmployeeVisibleAsync(employeeId, ct) ? employeeId : throw new NotFoundException("employee");
}
