using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Store;

/// <summary>
/// The store: HR keeps the items; a person redeems one (the points are reserved at once through <c>points.redeem</c>, which
/// counts stock, limit and balance under locks, so parallel requests never oversell or overdraw); HR or the person's
/// department head approves and then fulfils it, or rejects it and the points and stock come back.
/// </summary>
internal sealed class StoreHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, CurrentUser me, PlantCalendar calendar, AuditActor actor, NotificationService notifications, Texts t)
{
    public static readonly string[] Decisions = ["approve", "fulfil", "reject"];

    private const string RedemptionColumns =
        """
        r.id, r.item_id, i.code AS item_code, i.name AS item_name, r.employee_id, e.employee_no, e.name AS employee_name, r.price, r.status, r.requested_at,
        r.decided_at, r.decided_by, r.fulfilled_at, r.note
        """;

    /// <summary>Every item (for those who keep the store), or the active items offered to the caller's unit with how many they took.</summary>
    public async Task<IReadOnlyList<StoreItemDto>> ItemsAsync(bool all, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            """
            SELECT i.id, i.code, i.name, i.kind, i.price, i.stock, i.per_person_limit, i.org_unit_ids, i.active, i.updated_at, i.updated_by,
                   (SELECT count(*)::int FROM points.redemption r WHERE r.item_id = i.id AND r.employee_id = @me AND r.status <> 'rejected') AS taken
            FROM points.item i
            WHERE @all OR (i.active AND (cardinality(i.org_unit_ids) = 0 OR EXISTS (
                SELECT 1 FROM org.employee_v e, unnest(i.org_unit_ids) AS u(id) WHERE e.id = @me AND org.unit_within(e.org_unit_id, u.id))))
            ORDER BY i.active DESC, i.price, i.code
            """, new { all, me = me.EmployeeId ?? Guid.Empty }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    public async Task<StoreItemDto> SaveItemAsync(Guid? id, StoreItemInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim();
        var name = input.Name?.Trim();
        var units = input.OrgUnitIds?.Distinct().ToArray() ?? [];
        var v = new Validation()
            .Require("code", code, t["validation.required"]).MaxLength("code", code, 40, t["validation.max_length", 40])
            .Require("name", name, t["validation.required"]).MaxLength("name", name, 200, t["validation.max_length", 200]);
        if (!PointsVocabularies.ItemKind.Contains(input.Kind))
        {
            v.Add("kind", t["points.choose_one", string.Join(", ", PointsVocabularies.ItemKind.Codes.Select(c => t[PointsVocabularies.ItemKind, c].Value))]);
        }

        if (input.Price is not { } price || price is < 1 or > 100_000)
        {
            v.Add("price", t["points.points_range", 1, 100_000]);
        }

        if (input.Stock is not { } stock || stock is < 0 or > 1_000_000)
        {
            v.Add("stock", t["points.points_range", 0, 1_000_000]);
        }

        if (input.PerPersonLimit is { } limit && limit is < 1 or > 1000)
        {
            v.Add("perPersonLimit", t["points.points_range", 1, 1000]);
        }

        if (id is not null && input.StockSeen is null)
        {
            v.Add("stockSeen", t["validation.required"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        if (units.Length > 0 && await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*)::int FROM org.org_unit_v WHERE id = ANY (@units)", new { units }, tx.Sql, cancellationToken: ct)) != units.Length)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["orgUnitIds"] = [t["points.unit_unknown"]] });
        }

        if (await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM points.item WHERE lower(code) = lower(@code) AND id IS DISTINCT FROM @id)", new { code, id }, tx.Sql, cancellationToken: ct)))
        {
            throw new RuleViolationException("points_item_code_taken", t["points.item_code_taken", code!]);
        }

        var args = new
        {
            id = id ?? Guid.CreateVersion7(), code, name, input.Kind, input.Price, input.Stock, delta = input.Stock - (input.StockSeen ?? 0), input.PerPersonLimit, units,
            active = input.Active ?? true,
            now = calendar.Now, by = actor.Current.Name,
        };
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            id is null
                ? """
                  INSERT INTO points.item (id, code, name, kind, price, stock, per_person_limit, org_unit_ids, active, updated_at, updated_by)
                  VALUES (@id, @code, @name, @Kind, @Price, @Stock, @PerPersonLimit, @units, @active, @now, @by)
                  """
                : """
                  UPDATE points.item SET code = @code, name = @name, kind = @Kind, price = @Price, stock = stock + @delta, per_person_limit = @PerPersonLimit,
                         org_unit_ids = @units, active = @active, updated_at = @now, updated_by = @by
                  WHERE id = @id AND stock + @delta >= 0
                  """, args, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            var current = await tx.Connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT stock FROM points.item WHERE id = @id", new { args.id }, tx.Sql, cancellationToken: ct))
                ?? throw new NotFoundException(t["points.item_unknown"]);
            throw new RuleViolationException("points_stock_changed", t["points.stock_changed", current]);
        }

        await tx.AuditAsync(id is null ? "created" : "updated", "points_item", args.id, null, args);
        await tx.CommitAsync(ct);
        return (await ItemsAsync(true, ct)).Single(i => i.Id == args.id);
    }

    public async Task<RedemptionDto> RedeemAsync(Guid itemId, CancellationToken ct)
    {
        var employee = me.EmployeeId ?? throw new RuleViolationException("points_no_employee", t["points.no_employee"]);
        var id = Guid.CreateVersion7();
        var at = calendar.Now;
        await using (var tx = await work.BeginAsync(ct))
        {
            var (outcome, balance) = await tx.Connection.QuerySingleAsync<(string, int?)>(new CommandDefinition(
                "SELECT outcome, balance FROM points.redeem(@id, @itemId, @employee, @at, @day::date, @by)",
                new { id, itemId, employee, at, day = PlantCalendar.Sql(await calendar.DayOfAsync(at, ct)), by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
            switch (outcome)
            {
                case "reserved":
                    break;
                case "replayed":
                    throw new InvalidOperationException("A new redemption id was already used.");
                case "unavailable":
                    throw new NotFoundException(t["points.item_unknown"]);
                case "balance":
                    var price = await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT price FROM points.item WHERE id = @itemId", new { itemId }, tx.Sql, cancellationToken: ct));
                    throw new RuleViolationException("points_balance", t["points.balance_short", balance ?? 0, price, price - (balance ?? 0)],
                        new Dictionary<string, object?> { ["balance"] = balance, ["price"] = price, ["shortfall"] = price - balance });
                default:
                    throw new RuleViolationException("points_" + outcome, t[PointsVocabularies.RedeemRefusal, outcome]);
            }

            await tx.AuditAsync("created", "points_redemption", id, null, new { itemId, employee });
            await tx.CommitAsync(ct);
        }

        return await ReadAsync(id, system: true, ct);
    }

    /// <summary>The caller's own requests, newest first.</summary>
    public async Task<IReadOnlyList<RedemptionDto>> MineAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not { } employee)
        {
            return [];
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        var rows = await connection.QueryAsync<RedemptionRow>(new CommandDefinition(
            $"SELECT {RedemptionColumns} FROM points.redemption r JOIN points.item i ON i.id = r.item_id JOIN org.employee_v e ON e.id = r.employee_id WHERE r.employee_id = @employee ORDER BY r.requested_at DESC, r.id DESC",
            new { employee }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>Requests of people in the caller's scope, open ones first (or of one status), paged.</summary>
    public async Task<Platform.Contracts.Page<RedemptionDto>> ListAsync(string? status, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        status = PointsVocabularies.RedemptionStatus.Contains(status) ? status : null;
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { status, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.redemption r WHERE (@status::text IS NULL OR r.status = @status)", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<RedemptionRow>(new CommandDefinition(
            $"""
             SELECT {RedemptionColumns} FROM points.redemption r JOIN points.item i ON i.id = r.item_id JOIN org.employee_v e ON e.id = r.employee_id
             WHERE (@status::text IS NULL OR r.status = @status)
             ORDER BY r.status IN ('reserved', 'approved') DESC, r.requested_at, r.id OFFSET @offset LIMIT @pageSize
             """, args, cancellationToken: ct));
        return new Platform.Contracts.Page<RedemptionDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<RedemptionDto> DecideAsync(Guid id, RedemptionDecision input, CancellationToken ct)
    {
        var note = input.Note?.Trim();
        var v = new Validation();
        if (input.Decision is null || !Decisions.Contains(input.Decision, StringComparer.Ordinal))
        {
            v.Add("decision", t["points.choose_one", string.Join(", ", Decisions)]);
        }

        if (input.Decision == "reject")
        {
            v.Require("note", note, t["validation.required"]);
        }

        v.MaxLength("note", note, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var current = await ReadAsync(id, system: false, ct);
        if (current.EmployeeId == me.EmployeeId)
        {
            throw new ForbiddenException("points_own_redemption", t["points.own_redemption"]);
        }

        var now = calendar.Now;
        await using (var tx = await work.BeginAsync(ct))
        {
            if (input.Decision == "reject")
            {
                var outcome = await tx.Connection.ExecuteScalarAsync<string>(new CommandDefinition(
                    "SELECT points.reject_redemption(@id, @note, @now, @day::date, @by)",
                    new { id, note, now, day = PlantCalendar.Sql(await calendar.DayOfAsync(now, ct)), by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
                if (outcome != "rejected")
                {
                    throw new RuleViolationException("points_redemption_closed", t["points.redemption_closed", t[PointsVocabularies.RedemptionStatus, outcome?.Replace("was_", "", StringComparison.Ordinal) ?? ""]]);
                }
            }
            else
            {
                var (from, to, column) = input.Decision == "approve" ? ("reserved", "approved", "decided") : ("approved", "fulfilled", "fulfilled");
                var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE points.redemption SET status = @to, {column}_at = @now, {column}_by = @by, note = coalesce(@note, note) WHERE id = @id AND status = @from",
                    new { id, from, to, now, by = actor.Current.Name, note }, tx.Sql, cancellationToken: ct));
                if (changed == 0)
                {
                    throw new RuleViolationException("points_redemption_order", t["points.redemption_order", t[PointsVocabularies.RedemptionStatus, current.Status]]);
                }
            }

            await tx.AuditAsync("updated", "points_redemption", id, new { current.Status }, new { input.Decision, note });
            await notifications.SendToEmployeeAsync(tx.Connection, tx.Sql, current.EmployeeId, "points",
                () => (t["points.redemption_notice", current.ItemName, t[PointsVocabularies.Decision, input.Decision!]], note ?? ""), "/Points/Store", $"redemption:{id}:{input.Decision}", ct);
            await tx.CommitAsync(ct);
        }

        return await ReadAsync(id, system: true, ct);
    }

    private async Task<RedemptionDto> ReadAsync(Guid id, bool system, CancellationToken ct)
    {
        await using var connection = system ? await dataSource.OpenSystemAsync(ct) : await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RedemptionRow>(new CommandDefinition(
            $"SELECT {RedemptionColumns} FROM points.redemption r JOIN points.item i ON i.id = r.item_id JOIN org.employee_v e ON e.id = r.employee_id WHERE r.id = @id",
            new { id }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException(t["points.redemption_unknown"]);
    }

    /// <summary>Set by property (Dapper hands a <c>uuid[]</c> column over as an array it cannot match to a constructor).</summary>
    private sealed class ItemRow
    {
        public Guid Id { get; init; }

        public string Code { get; init; } = "";

        public string Name { get; init; } = "";

        public string Kind { get; init; } = "";

        public int Price { get; init; }

        public int Stock { get; init; }

        public int? PerPersonLimit { get; init; }

        public Guid[] OrgUnitIds { get; init; } = [];

        public bool Active { get; init; }

        public DateTime UpdatedAt { get; init; }

        public string UpdatedBy { get; init; } = "";

        public int Taken { get; init; }

        public StoreItemDto ToDto() => new(Id, Code, Name, Kind, Price, Stock, PerPersonLimit, OrgUnitIds, Active, Taken, Utc(UpdatedAt), UpdatedBy);
    }

    private sealed record RedemptionRow(
        Guid Id, Guid ItemId, string ItemCode, string ItemName, Guid EmployeeId, string EmployeeNo, string EmployeeName, int Price, string Status, DateTime RequestedAt,
        DateTime? DecidedAt, string? DecidedBy, DateTime? FulfilledAt, string? Note)
    {
        public RedemptionDto ToDto() =>
            new(Id, ItemId, ItemCode, ItemName, EmployeeId, EmployeeNo, EmployeeName, Price, Status, Utc(RequestedAt), Utc(DecidedAt), DecidedBy, Utc(FulfilledAt), Note);
    }
}
