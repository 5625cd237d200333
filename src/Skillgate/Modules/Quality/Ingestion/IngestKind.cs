using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>What a kind of record names, to be looked up once for all its items.</summary>
internal sealed record ReferenceKeys(
    IEnumerable<string?> EmployeeNos, IEnumerable<string?> UnitCodes, IEnumerable<string?> OperationCodes, IEnumerable<string?> BatchCodes);

/// <summary>A batch a record names, created if new.</summary>
internal sealed record NamedBatch(string Code, string Product, Guid? Line);

/// <summary>
/// One kind of quality record the ingestion takes (a row of <see cref="IngestHandler"/>'s table): what its items name, how
/// one item is checked into a row, the batch a row names, and the statement that inserts the rows (idempotent by external id).
/// </summary>
internal abstract class IngestKind<TInput, TRow>
    where TInput : class
{
    /// <summary>The table under <c>quality.</c>, also the audit entity (<c>quality.&lt;table&gt;</c>).</summary>
    public abstract string Table { get; }

    public abstract string InsertSql { get; }

    public abstract ReferenceKeys Keys(IReadOnlyList<TInput> items);

    /// <summary>The row of one item; its errors go to <paramref name="c"/> (the row is then not used).</summary>
    public abstract TRow Check(TInput item, ItemCheck c, References refs, ScopeFilter filter, Texts t);

    public abstract string ExternalId(TRow row);

    public virtual NamedBatch? Batch(TRow row) => null;

    /// <summary>The statement's parameters: one array per column, and <c>now</c>.</summary>
    public abstract object Arguments(IReadOnlyList<TRow> rows, DateTime now);
}
