namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>Input the estimators cannot work with (too few rows, a collinear column, an unknown column); the message says which.</summary>
internal sealed class StatisticsException(string message) : Exception(message);
