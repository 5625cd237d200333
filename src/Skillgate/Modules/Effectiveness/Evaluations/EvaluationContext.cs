using Skillgate.Modules.Effectiveness.Contracts;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>Who taught a session a completion came from.</summary>
internal sealed record InstructorRef(Guid Id, string Name);

/// <summary>
/// What an evaluation needs besides the panel, read when it is created and stored with it: the process levels, each trained
/// person's first exam score, the instructors behind each completion, and the cost figures.
/// </summary>
internal sealed record EvaluationContext(
    LevelsDto Levels,
    IReadOnlyDictionary<Guid, double> FirstAttemptScores,
    IReadOnlyDictionary<Guid, IReadOnlyList<InstructorRef>> Instructors,
    decimal CostPerParticipant,
    decimal LabourCost,
    decimal InstructorCost,
    decimal CostPerDefect,
    int Participants)
{
    public double? FirstAttemptScore(Guid employee) => FirstAttemptScores.TryGetValue(employee, out var s) ? s : null;

    public IReadOnlyList<InstructorRef> InstructorsOf(Guid completion) => Instructors.TryGetValue(completion, out var list) ? list : [];
}
