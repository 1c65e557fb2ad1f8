print("dqss")
