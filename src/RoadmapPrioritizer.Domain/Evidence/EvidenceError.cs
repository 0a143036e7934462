namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>Why one record was rejected: the field at fault and what was wrong with it.</summary>
public sealed record EvidenceError(string Field, string Message);
