using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness.Costs;

[Authorize(Policy = Permissions.EffectivenessRead)]
internal sealed class IndexModel(CostRateHandler rates, EvaluationChoices choices, NpgsqlDataSource dataSource) : SkillgatePage
{
    [BindProperty]
    public string Kind { get; set; } = "labour_hour";

    [BindProperty]
    public decimal Amount { get; set; }

    [BindProperty]
    public Guid? OrgUnitId { get; set; }

    [BindProperty]
    public Guid? PositionId { get; set; }

    [BindProperty]
    public string? DefectType { get; set; }

    public IReadOnlyList<CostRateDto> Rates { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label)> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label)> Positions { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ChangeAsync(
        Permissions.EffectivenessWrite,
        () => rates.SetAsync(new CostRateInput(Kind, Amount, OrgUnitId, PositionId, DefectType), ct),
        "/Effectiveness/Costs",
        () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) => ChangeAsync(
        Permissions.EffectivenessWrite, () => rates.DeleteAsync(id, ct), "/Effectiveness/Costs", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanEdit = await CanAsync(Permissions.EffectivenessWrite);
        Rates = await rates.ListAsync(ct);
        if (CanEdit)
        {
            Units = await choices.UnitsAsync(ct);
            await using var connection = await dataSource.OpenScopedAsync(ct);
            Positions = (await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
                "SELECT id, code || ' ' || name FROM org.position_v WHERE active ORDER BY code", cancellationToken: ct))).ToList();
        }
    }
}
