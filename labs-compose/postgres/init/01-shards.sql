-- Runs once, when the primary's data volume is first created.
-- The four shard databases of unamex's sharded storage (chapter 24).
CREATE DATABASE shard_0;
CREATE DATABASE shard_1;
CREATE DATABASE shard_2;
CREATE DATABASE shard_3;
