using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Plans;

[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class DetailsModel(PlanHandler plans, Npgsql.NpgsqlDataSource dataSource, ReadableHistory history) : SkillgatePage
{
    public PlanDto Plan { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Label)> Courses { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label)> Positions { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public bool CanApprove { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostItemAsync(Guid id, Guid courseId, Guid? positionId, int participants, string? plannedMonth, string? need, CancellationToken ct) =>
        ChangeAsync(Permissions.PlanWrite, () => plans.AddItemAsync(id, new PlanItemInput(courseId, positionId, participants,
            DateOnly.TryParse(plannedMonth + "-01", System.Globalization.CultureInfo.InvariantCulture, out var month) ? month : null, need), ct), PlanUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostRemoveAsync(Guid id, Guid itemId, CancellationToken ct) =>
        ChangeAsync(Permissions.PlanWrite, () => plans.RemoveItemAsync(id, itemId, ct), PlanUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.PlanWrite, () => plans.SubmitAsync(id, ct), PlanUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostDecideAsync(Guid id, string decision, string? comment, CancellationToken ct) =>
        ChangeAsync(Permissions.PlanApprove, () => plans.DecideAsync(id, decision == "approve", new PlanDecision(comment), ct), PlanUrl(id), () => LoadAsync(id, ct));

    private static string PlanUrl(Guid id) => $"/Training/Plans/Details?id={id}";

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Plan = await plans.GetAsync(id, ct);
        CanWrite = await CanAsync(Permissions.PlanWrite) && Plan.Status is "draft" or "returned";
        CanApprove = await CanAsync(Permissions.PlanApprove) && Plan.Status == "submitted";
        History = await history.ForEntityAsync("plan", id, ct);
        if (CanWrite)
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            Courses = (await Dapper.SqlMapper.QueryAsync<(Guid, string)>(connection,
                "SELECT id, code || ' · ' || title || ' (¥' || cost_per_participant || ')' FROM learning.course_v WHERE status = 'published' ORDER BY code")).ToList();
            Positions = (await Dapper.SqlMapper.QueryAsync<(Guid, string)>(connection, "SELECT id, code || ' · ' || name FROM org.position_v WHERE active ORDER BY code")).ToList();
        }
    }
}
