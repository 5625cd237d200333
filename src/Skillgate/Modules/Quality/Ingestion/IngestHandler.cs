using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>
/// Stores plant data from the API or a file: every record is checked first (errors named by item or row and field) and
/// either all new records are stored or none; a record whose external id is already known is a duplicate and changes nothing.
/// One audit row per ingestion says who sent what and how much was new.
/// </summary>
internal sealed class IngestHandler(UnitOfWork work, DataScope scope, PlantTime plantTime, TimeProvider clock, Texts t)
{
    public const int MaxItems = 5000;

    public static readonly IReadOnlyList<string> Causes = ["man", "machine", "material", "method", "measurement", "environment"];

    public static readonly IReadOnlyList<string> Severities = ["minor", "major", "critical"];

    public Task<IngestResult> OperationsAsync(IReadOnlyList<OperationRecordInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(OperationRecordKind.Instance, items, where, source, ct);

    public Task<IngestResult> CountsAsync(IReadOnlyList<CountInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(ProductionCountKind.Instance, items, where, source, ct);

    public Task<IngestResult> DefectsAsync(IReadOnlyList<DefectInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(DefectKind.Instance, items, where, source, ct);

    public Task<IngestResult> FindingsAsync(IReadOnlyList<FindingInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(AuditFindingKind.Instance, items, where, source, ct);

    public Task<IngestResult> ComplaintsAsync(IReadOnlyList<ComplaintInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(ComplaintKind.Instance, items, where, source, ct);

    public Task<IngestResult> LotsAsync(IReadOnlyList<MaterialLotInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(MaterialLotKind.Instance, items, where, source, ct);

    public Task<IngestResult> DowntimesAsync(IReadOnlyList<DowntimeInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(DowntimeKind.Instance, items, where, source, ct);

    public Task<IngestResult> ReleasesAsync(IReadOnlyList<BatchReleaseInput> items, Func<int, string> where, string source, CancellationToken ct) =>
        IngestAsync(BatchReleaseKind.Instance, items, where, source, ct);

    /// <summary>Checks every item (all errors at once, by item and field), then stores the rows of the kind: all or nothing.</summary>
    private async Task<IngestResult> IngestAsync<TInput, TRow>(
        IngestKind<TInput, TRow> kind, IReadOnlyList<TInput> items, Func<int, string> where, string source, CancellationToken ct)
        where TInput : class
    {
        var connection = await OpenAsync(items, ct);
        var keys = kind.Keys(items);
        var refs = await References.LoadAsync(connection, await plantTime.ZonesAsync(ct), keys.EmployeeNos, keys.UnitCodes, keys.OperationCodes, keys.BatchCodes, ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<TRow>();
        for (var i = 0; i < items.Count; i++)
        {
            var c = new ItemCheck(v, where(i), t);
            var row = kind.Check(items[i], c, refs, filter, t);
            if (!c.Failed)
            {
                rows.Add(row);
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(kind.ExternalId, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, kind.Table, items.Count, source, rows.Select(kind.Batch).OfType<NamedBatch>(), async (tx, now) =>
            await connection.ExecuteAsync(kind.InsertSql, kind.Arguments(rows, now), tx), ct);
    }

    /// <summary>
    /// The zone of each line or unit code named (a file's local times are the wall clock of the row's line); a code not known
    /// takes the installation's zone, and the ingestion then refuses the row for its code.
    /// </summary>
    public async Task<Func<string?, TimeZoneInfo>> ZonesOfCodesAsync(IEnumerable<string?> codes, CancellationToken ct)
    {
        var connection = (await work.SqlAsync(ct)).Connection;
        var refs = await References.LoadAsync(connection, await plantTime.ZonesAsync(ct), [], codes, [], [], ct);
        return code => refs.Zones.ZoneOf(refs.Unit(code));
    }

    private async Task<NpgsqlConnection> OpenAsync<T>(IReadOnlyList<T?> items, CancellationToken ct)
        where T : class
    {
        if (items.Count is < 1 or > MaxItems)
        {
            new Validation().Add("items", t["quality.items_range", MaxItems]).ThrowIfInvalid();
        }

        if (items.Any(i => i is null))
        {
            new Validation().Add("items", t["quality.item_null"]).ThrowIfInvalid();
        }

        return (await work.SqlAsync(ct)).Connection;
    }

    /// <summary>Creates the batches named (keeping what is known of existing ones), inserts the records and writes the audit row, in one transaction.</summary>
    private async Task<IngestResult> StoreAsync(
        NpgsqlConnection connection, string kind, int received, string source, IEnumerable<NamedBatch> batches,
        Func<NpgsqlTransaction, DateTime, Task<int>> insert, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var named = batches.GroupBy(b => b.Code, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Product: g.Select(b => b.Product).FirstOrDefault(p => p.Length > 0) ?? "", Line: g.Select(b => b.Line).FirstOrDefault(l => l is not null)))
            .OrderBy(b => b.Code, StringComparer.Ordinal) // the same order in every ingestion, so two never wait on each other's batches
            .ToList();
        await using var tx = await work.BeginAsync(ct);
        if (named.Count > 0)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.batch AS b (id, code, product, line_id, created_at)
                SELECT r.id, r.code, r.product, r.line_id, @now FROM unnest(@ids, @codes, @products, @lines) AS r(id, code, product, line_id)
                ON CONFLICT (code) DO UPDATE SET product = CASE WHEN b.product = '' THEN EXCLUDED.product ELSE b.product END, line_id = coalesce(b.line_id, EXCLUDED.line_id)
                """,
                new
                {
                    now, ids = named.Select(_ => Guid.CreateVersion7()).ToArray(), codes = named.Select(b => b.Code).ToArray(),
                    products = named.Select(b => b.Product).ToArray(), lines = named.Select(b => b.Line).ToArray(),
                }, tx.Sql);
        }

        var stored = await insert(tx.Sql, now);
        var id = Guid.CreateVersion7();
        await tx.AuditAsync("imported", "quality." + kind, id, null, new { source, received, stored, duplicates = received - stored });
        await tx.CommitAsync(ct);
        return new IngestResult(kind, received, stored, received - stored);
    }
}
