using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning.Domain;

internal static class QuestionKind
{
    public const string Single = "single";
    public const string Multiple = "multiple";
    public const string TrueFalse = "true_false";
    public const string Fill = "fill";
    public const string Short = "short";

    public static readonly string[] All = [Single, Multiple, TrueFalse, Fill, Short];

    public static bool IsChoice(string kind) => kind is Single or Multiple or TrueFalse;
}

internal sealed class Question : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid? CourseId { get; set; }

    public Guid? SkillId { get; set; }

    public required string Kind { get; set; }

    public required string Stem { get; set; }

    public string[] Options { get; set; } = [];

    public string[] AnswerKey { get; set; } = [];

    public int Difficulty { get; set; } = 1;

    public string[] Tags { get; set; } = [];

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "question";
}

/// <summary>An exam paper template of a course: fixed questions, or questions drawn by rules for every attempt.</summary>
internal sealed class Paper : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public required string Title { get; set; }

    public required string Mode { get; init; }

    public int TimeLimitMinutes { get; set; }

    public int PassMark { get; set; } = 80;

    public int AttemptsAllowed { get; set; } = 3;

    public bool Shuffle { get; set; } = true;

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "paper";
}

internal sealed class PaperQuestion : IAuditedEntity
{
    public Guid PaperId { get; init; }

    public Guid QuestionId { get; init; }

    public int Points { get; init; }

    public int Position { get; init; }

    public Guid Id => PaperId;

    public string AuditEntityName => "paper";
}

internal sealed class PaperRule : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid PaperId { get; init; }

    public required string QuestionKind { get; init; }

    public string? Tag { get; init; }

    public int MinDifficulty { get; init; } = 1;

    public int Count { get; init; }

    public int Points { get; init; }

    public int Sort { get; init; }

    public string AuditEntityName => "paper";
}
