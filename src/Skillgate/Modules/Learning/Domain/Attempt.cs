using System.Text.Json;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning.Domain;

internal static class AttemptStatus
{
    public const string InProgress = "in_progress";
    public const string AwaitingGrading = "awaiting_grading";
    public const string Graded = "graded";
    public const string Expired = "expired";
}

/// <summary>
/// One sitting of an exam. <see cref="Items"/> is the JSON list of the questions drawn for it with the option order shown;
/// <see cref="Answers"/> the JSON answers saved so far (by question key, in shown option indices).
/// </summary>
internal sealed class Attempt : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid PaperId { get; init; }

    public Guid EmployeeId { get; init; }

    public int Number { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset Deadline { get; init; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public string Status { get; set; } = AttemptStatus.InProgress;

    public required string Items { get; set; }

    public string Answers { get; set; } = "{}";

    public decimal? Score { get; set; }

    public decimal MaxScore { get; init; }

    public decimal? Percent { get; set; }

    public bool? Passed { get; set; }

    public string? GradedBy { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "attempt";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(object value) => JsonSerializer.Serialize(value, Json);

    // The items last read and the JSON they were read from: a submission reads them several times (merge, grading, result).
    private string? _itemsRead;
    private AttemptItem[] _items = [];

    /// <summary>The drawn questions, a fresh list each call (items are immutable records).</summary>
    public List<AttemptItem> ReadItems()
    {
        if (!ReferenceEquals(_itemsRead, Items))
        {
            _items = [.. JsonSerializer.Deserialize<List<AttemptItem>>(Items, Json) ?? []];
            _itemsRead = Items;
        }

        return [.. _items];
    }

    public Dictionary<string, IReadOnlyList<string>> ReadAnswers() => JsonSerializer.Deserialize<Dictionary<string, IReadOnlyList<string>>>(Answers, Json) ?? [];
}

/// <summary>A question as drawn into an attempt: its key, the bank question, points, and the shown order of its options.</summary>
internal sealed record AttemptItem(string Key, Guid QuestionId, int Points, int[] OptionOrder, decimal? Awarded = null);
