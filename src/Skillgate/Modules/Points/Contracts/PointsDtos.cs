namespace Skillgate.Modules.Points.Contracts;

public sealed record PointsEntryDto(
    Guid Id, Guid EmployeeId, int Points, string Rule, string Category, string SourceType, Guid SourceId, Guid? Reverses, DateTimeOffset OccurredAt, DateOnly Day,
    string Reason, string RecordedBy);

public sealed record CategoryPoints(string Category, int Points);

/// <summary>A person's points: balance (every entry), this month's earning by category and rank in their unit, and a page of history.</summary>
public sealed record PointsAccountDto(
    Guid EmployeeId, string EmployeeNo, string Name, int Balance, int EarnedLast12Months, string Month, int EarnedThisMonth, int? RankThisMonth, Guid OrgUnitId,
    IReadOnlyList<CategoryPoints> ByCategory, IReadOnlyList<PointsEntryDto> Entries, int Total, int Page, int PageSize);

public sealed record BoardRow(int Rank, Guid EmployeeId, string EmployeeNo, string Name, int Points, int Participation, int Results, int Growth);

/// <summary>A unit's board for a month: ranked on that month's earned entries only, with the shares of the three categories.</summary>
public sealed record BoardDto(Guid OrgUnitId, string OrgUnit, string Month, int People, int Points, IReadOnlyList<CategoryPoints> Shares, IReadOnlyList<BoardRow> Top);

public sealed record PointsRuleDto(
    Guid Id, string Code, string Category, Guid? OrgUnitId, string? OrgUnit, Guid? PositionId, string? Position, int Points, int MinPoints, int MaxPoints,
    IReadOnlyList<ExamTier>? Tiers, int? DailyCap, int? MonthlyCap, int? SessionCap, bool Active, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record ExamTier(decimal Min, int Points);

/// <summary>A rule's values; OrgUnitId and PositionId (both empty for the default) say whom it applies to.</summary>
public sealed record PointsRuleInput(
    string? Code, Guid? OrgUnitId, Guid? PositionId, int? Points, int? MinPoints, int? MaxPoints, IReadOnlyList<ExamTier>? Tiers, int? DailyCap, int? MonthlyCap,
    int? SessionCap, bool? Active);

/// <summary>
/// HR's correction of a person's points: a new entry with a reason, never a change to an old one. RequestId makes a retry
/// safe: a correction already recorded under it is not recorded again.
/// </summary>
public sealed record PointsCorrectionInput(Guid? EmployeeId, int? Points, string? Category, string? Reason, Guid? RequestId = null);

/// <summary>What an award did: the entry (none when the source had already paid), the points asked and those granted after the caps.</summary>
public sealed record AwardResult(Guid? EntryId, int Awarded, int Asked, bool Capped);

public sealed record StoreItemDto(
    Guid Id, string Code, string Name, string Kind, int Price, int Stock, int? PerPersonLimit, IReadOnlyList<Guid> OrgUnitIds, bool Active, int Taken,
    DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>
/// An item's values; no units means every unit may redeem it. On a change, Stock is applied as the difference from StockSeen (the stock the editor was shown), so redemptions made
/// meanwhile are not undone; a change that would take the stock below zero is refused.
/// </summary>
public sealed record StoreItemInput(
    string? Code, string? Name, string? Kind, int? Price, int? Stock, int? PerPersonLimit, IReadOnlyList<Guid>? OrgUnitIds, bool? Active, int? StockSeen = null);

public sealed record RedemptionDto(
    Guid Id, Guid ItemId, string ItemCode, string ItemName, Guid EmployeeId, string EmployeeNo, string EmployeeName, int Price, string Status, DateTimeOffset RequestedAt,
    DateTimeOffset? DecidedAt, string? DecidedBy, DateTimeOffset? FulfilledAt, string? Note);

/// <summary>approve, fulfil or reject (a rejection gives the points back and needs a note).</summary>
public sealed record RedemptionDecision(string? Decision, string? Note);

public sealed record MonthPoints(string Month, int Participating, int Participation, int Results, int Growth);

public sealed record UnitPoints(Guid OrgUnitId, string Name, int Participation, int Results, int Growth);

/// <summary>
/// A unit's points at a glance: how many of its active people earned participation points each month (the participation
/// rate), points by category per month and by the units below it, and the month's top 10.
/// </summary>
public sealed record PointsDashboardDto(Guid OrgUnitId, string OrgUnit, string Month, int People, IReadOnlyList<MonthPoints> Months, IReadOnlyList<UnitPoints> Units, BoardDto Board);

/// <summary>How a skill was applied on the line; EmployeeId is empty for the caller's own (a team lead names a person in their scope).</summary>
public sealed record SkillApplicationInput(Guid? EmployeeId, Guid? SkillId, string? Title, string? Description, IReadOnlyList<Guid>? EvidenceFileIds);

public sealed record SkillApplicationDto(
    Guid Id, Guid EmployeeId, string EmployeeNo, string EmployeeName, string? Skill, string Title, string Description, IReadOnlyList<Guid> EvidenceFileIds, string Status,
    string RecordedBy, DateTimeOffset RecordedAt, string? DecidedBy, DateTimeOffset? DecidedAt, int? Points, string? Note);

/// <summary>confirm (with the points chosen within the rule's range) or reject (with a note).</summary>
public sealed record SkillApplicationDecision(string? Decision, int? Points, string? Note);

/// <summary>RequestId makes a retry safe: an award already recorded under it is answered again, not paid again.</summary>
public sealed record InteractionInput(Guid? SessionId, Guid? EmployeeId, int? Points, string? Note, Guid? RequestId = null);

/// <summary>What an interaction award did: the points asked and those paid after the session's cap.</summary>
public sealed record InteractionDto(Guid Id, Guid SessionId, Guid EmployeeId, int Asked, int Awarded, string Note, DateTimeOffset RecordedAt);

public sealed record SessionParticipantPoints(Guid EmployeeId, string EmployeeNo, string Name, int Awarded, int Interactions);

/// <summary>A certification granted at a points threshold (e.g. 高级设备操作员 at 800 points in 12 months), optionally with a skill level.</summary>
public sealed record CertificationRuleDto(
    Guid Id, string Code, string Name, int MinPoints, int Months, Guid? SkillId, string? Skill, int? SkillLevel, bool Active, int Holders, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record CertificationRuleInput(string? Code, string? Name, int? MinPoints, int? Months, Guid? SkillId, int? SkillLevel, bool? Active);

public sealed record CertificationDto(
    Guid Id, string Number, Guid RuleId, string Name, Guid EmployeeId, string EmployeeNo, string EmployeeName, string OrgUnit, int Earned, int MinPoints, int Months,
    string? Skill, int? SkillLevel, DateOnly IssuedOn);

/// <summary>A learning note on a course: text (10–4,000 characters) and photos already stored (the page uploads them with the note).</summary>
public sealed record NoteInput(Guid? CourseId, string? Body, IReadOnlyList<Guid>? PhotoFileIds);

/// <summary>
/// approve (with the points chosen within the note rule's range, 10–15 by default) or return (with a reason). Seen is the
/// note's updatedAt as the reviewer read it: when given, a note changed since is refused rather than decided unread.
/// </summary>
public sealed record NoteDecision(string? Decision, int? Points, string? Reason, DateTimeOffset? Seen = null);

public sealed record NoteDto(
    Guid Id, Guid CourseId, string CourseCode, string CourseTitle, Guid EmployeeId, string AuthorName, string Body, IReadOnlyList<Guid> PhotoFileIds, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? DecidedBy, DateTimeOffset? DecidedAt, int? Points, string? ReturnReason, int Likes, bool LikedByMe);
