using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Operations;
using Skillgate.Modules.Competence.Skills;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Requirements;

/// <summary>The requirements of one position or one operation.</summary>
[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class IndexModel(RequirementHandler requirements, SkillHandler skills, OperationHandler operations, IStandardsCatalog documents, Organization.Contracts.IOrganizationDirectory organization) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? PositionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? OperationId { get; set; }

    public string TargetName { get; private set; } = "";

    public IReadOnlyList<RequirementDto> Requirements { get; private set; } = [];

    public IReadOnlyList<SkillDto> Skills { get; private set; } = [];

    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];

    public IReadOnlyList<Organization.Contracts.OrgUnitDto> Units { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostAsync(
        string kind, Guid? skillId, int? minLevel, Guid? documentId, int? validityMonths, Guid? orgUnitId, List<Guid>? equivalentDocumentIds, List<Guid>? prerequisiteIds,
        int? minPoints, int? pointsMonths, decimal? minCredits, string? creditCategory, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite,
            () => requirements.CreateAsync(
                new RequirementInput(PositionId, OperationId, kind, skillId, minLevel, documentId, validityMonths, orgUnitId, equivalentDocumentIds, prerequisiteIds, minPoints, pointsMonths,
                    minCredits, string.IsNullOrEmpty(creditCategory) ? null : creditCategory), ct),
            Self(), () => LoadAsync(ct));

    public Task<IActionResult> OnPostRetireAsync(Guid requirementId, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite, () => requirements.RetireAsync(requirementId, ct), Self(), () => LoadAsync(ct));

    private string Self() => PositionId is { } p ? $"/Competence/Requirements?positionId={p}" : $"/Competence/Requirements?operationId={OperationId}";

    private async Task LoadAsync(CancellationToken ct)
    {
        if ((PositionId is null) == (OperationId is null))
        {
            throw new NotFoundException("target");
        }

        TargetName = OperationId is { } op ? (await operations.GetAsync(op, ct)).Name : await organization.PositionNameAsync(PositionId!.Value, ct) ?? throw new NotFoundException("position");
        Requirements = await requirements.ListAsync(PositionId, OperationId, ct);
        Skills = await skills.ListAsync(ct);
        Documents = await documents.ListAsync(ct);
        Units = await organization.VisibleTreeAsync(false, ct);
        CanWrite = await CanAsync(Permissions.CompetenceWrite);
    }
}
