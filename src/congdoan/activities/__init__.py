"""Study, outreach and training sessions and their participants (học tập, tuyên truyền)."""
