using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>
/// Production disputes a defect's attribution through the DEFECT-DISPUTE workflow: it claims another cause and says why; QA
/// decides within the step's time limit (escalated when late), and upholding it records the claimed cause with QA's evidence.
/// </summary>
internal sealed class DisputeHandler(AttributionHandler attribution, IWorkflowStarter starter, NpgsqlDataSource dataSource, Texts t)
{
    public const string Definition = "DEFECT-DISPUTE";

    public async Task<InstanceDto> StartAsync(Guid defectId, DisputeInput input, CancellationToken ct)
    {
        var defect = (await attribution.GetAsync(defectId, ct)).Defect;
        var cause = input.Cause?.Trim();
        var reason = input.Reason?.Trim();
        var v = new Validation();
        if (!QualityVocabularies.Cause.Contains(cause))
        {
            v.Add("cause", t["quality.one_of", string.Join(", ", QualityVocabularies.Cause.Codes)]);
        }
        else if (cause == defect.Cause)
        {
            v.Add("cause", t["dispute.same_cause", t[QualityVocabularies.Cause, cause!]]);
        }

        v.Require("reason", reason, t["validation.required"]).MaxLength("reason", reason, 2000, t["validation.max_length", 2000]).ThrowIfInvalid();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var line = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("SELECT line_id FROM quality.defect WHERE id = @defectId", new { defectId }, cancellationToken: ct));
        return await starter.StartAsync(new WorkflowStart(
            Definition, line, t["dispute.title", defect.ExternalId, defect.DefectType], new WorkflowSubject("defect", defectId),
            new Dictionary<string, string?> { ["cause"] = cause, ["reason"] = reason }), ct);
    }

    public async Task<IReadOnlyList<DefectDisputeDto>> ListAsync(Guid defectId, CancellationToken ct)
    {
        await attribution.GetAsync(defectId, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Number, string Status, DateTime StartedAt, DateTime? ClosedAt)>(new CommandDefinition(
            """
            SELECT id, number, status, started_at, closed_at FROM workflow.instance_v
            WHERE subject_type = 'defect' AND subject_id = @defectId AND definition_code = @definition ORDER BY started_at DESC, id DESC
            """, new { defectId, definition = Definition }, cancellationToken: ct));
        return rows.Select(r => new DefectDisputeDto(r.Id, r.Number, r.Status, Utc(r.StartedAt), r.ClosedAt is { } c ? Utc(c) : null)).ToList();
    }
}
